"""A Zscaler 2.0 token connection with To App provisioning and an Org2Org token connection with To Okta import:
the stack of the TypeScript and YAML programs, written against the generated Python SDK."""

import pulumi
import pulumi_okta_provisioning as okta_provisioning

config = pulumi.Config()

zscaler = okta_provisioning.ProvisioningConnection(
    "zscaler",
    app_id=config.require("zscalerAppId"),
    auth_scheme="TOKEN",
    token=config.require_secret("zscalerToken"),
    base_url=config.require("zscalerBaseUrl"),
)

# Taking app_id from the connection orders the feature after it.
zscaler_push = okta_provisioning.ProvisioningFeature(
    "zscaler-push",
    app_id=zscaler.app_id,
    name="USER_PROVISIONING",
    capabilities=okta_provisioning.ApplicationFeatureCapabilitiesArgs(
        create=okta_provisioning.CapabilitiesCreateArgs(
            lifecycle_create=okta_provisioning.LifecycleCreateSettingArgs(status="ENABLED"),
        ),
        update=okta_provisioning.CapabilitiesUpdateArgs(
            profile=okta_provisioning.ProfileSettingArgs(status="ENABLED"),
            lifecycle_deactivate=okta_provisioning.LifecycleDeactivateSettingArgs(status="ENABLED"),
            password=okta_provisioning.PasswordSettingArgs(status="ENABLED", seed="RANDOM", change="CHANGE"),
        ),
    ),
)

org2org = okta_provisioning.ProvisioningConnection(
    "org2org",
    app_id=config.require("org2orgAppId"),
    app_name="okta_org2org",
    auth_scheme="TOKEN",
    token=config.require_secret("org2orgToken"),
    base_url=config.get("org2orgBaseUrl"),
)

# Dictionaries work as well as the Args classes; the keys are the Python names.
org2org_import = okta_provisioning.ProvisioningFeature(
    "org2org-import",
    app_id=org2org.app_id,
    name="INBOUND_PROVISIONING",
    capabilities={
        "import_settings": {
            "username": {"username_format": "EMAIL"},
            "schedule": {
                "status": "ENABLED",
                "full_import": {"expression": "0 2 * * 0", "timezone": "America/New_York"},
                "incremental_import": {"expression": "0 */6 * * *", "timezone": "America/New_York"},
            },
        },
        "import_rules": {
            "user_create_and_match": {
                "exact_match_criteria": "EMAIL",
                "allow_partial_match": False,
                "auto_confirm_exact_match": True,
                "auto_activate_new_users": True,
            },
        },
    },
)

pulumi.export("zscalerStatus", zscaler.status)
pulumi.export("zscalerAppName", zscaler.app_name)
pulumi.export("pushStatus", zscaler_push.status)
pulumi.export("importStatus", org2org_import.status)
