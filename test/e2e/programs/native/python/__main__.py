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
