"""A Zscaler 2.0 token connection with To App provisioning: the stack every native-provider e2e program declares
(test/e2e/harness/native.ts), written against the generated Python SDK. Code that `pulumi import` writes for this
language, saved as imported.py, joins the program."""

import importlib
import os

import pulumi
import pulumi_okta_provisioning as okta_provisioning

config = pulumi.Config()

zscaler = okta_provisioning.ProvisioningConnection(
    "zscaler",
    app_id=config.require("zscalerAppId"),
    app_name="zscalerbyz",
    auth_scheme=okta_provisioning.ProvisioningConnectionAuthScheme.TOKEN,
    token=config.require_secret("zscalerToken"),
    base_url=config.require("zscalerBaseUrl"),
)

# Taking app_id from the connection orders the feature after it.
zscaler_push = okta_provisioning.ProvisioningFeature(
    "zscaler-push",
    app_id=zscaler.app_id,
    name=okta_provisioning.ApplicationFeatureType.USER_PROVISIONING,
    capabilities=okta_provisioning.ApplicationFeatureCapabilitiesArgs(
        create=okta_provisioning.CapabilitiesCreateArgs(
            lifecycle_create=okta_provisioning.LifecycleCreateSettingArgs(status="ENABLED"),
        ),
        update=okta_provisioning.CapabilitiesUpdateArgs(
            profile=okta_provisioning.ProfileSettingArgs(status="ENABLED"),
            password=okta_provisioning.PasswordSettingArgs(status="ENABLED", seed="RANDOM", change="CHANGE"),
        ),
    ),
)

if os.path.exists(os.path.join(os.path.dirname(__file__), "imported.py")):
    importlib.import_module("imported")

pulumi.export("zscalerStatus", zscaler.status)
pulumi.export("pushStatus", zscaler_push.status)

# Read-only access, only when the test sets lookupAppId: an app an admin configured, read without being managed.
lookup_app_id = config.get("lookupAppId")
if lookup_app_id:
    got = okta_provisioning.ProvisioningConnection.get("looked-up", lookup_app_id)
    got_feature = okta_provisioning.ProvisioningFeature.get("looked-up-push", f"{lookup_app_id}/USER_PROVISIONING")
    connection = okta_provisioning.get_provisioning_connection_output(app_id=lookup_app_id)
    feature = okta_provisioning.get_provisioning_feature(
        app_id=lookup_app_id, name=okta_provisioning.ApplicationFeatureType.USER_PROVISIONING
    )
    pulumi.export("lookedUpStatus", got.status)
    pulumi.export("lookedUpAppName", got.app_name)
    pulumi.export("lookedUpProfilePush", got_feature.capabilities.apply(lambda c: c.update.profile.status))
    pulumi.export("lookedUpConnectionStatus", connection.status)
    pulumi.export("lookedUpConnectionAuthScheme", connection.auth_scheme)
    pulumi.export("lookedUpFeatureStatus", feature.status)
