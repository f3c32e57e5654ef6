// A Zscaler 2.0 token connection with To App provisioning: the stack every native-provider e2e program declares
// (test/e2e/harness/native.ts), written against the Go SDK generated from the plugin's schema. Code that `pulumi
// import` writes for this language, saved as imported.go, joins the program through `imported`.
package main

import (
	"github.com/okta-provisioning/pulumi-okta-provisioning/sdk/go/oktaprovisioning"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// imported holds the resources of imported.go, when the program has one.
var imported []func(*pulumi.Context) error

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		conf := config.New(ctx, "")
		zscaler, err := oktaprovisioning.NewProvisioningConnection(ctx, "zscaler", &oktaprovisioning.ProvisioningConnectionArgs{
			AppId:      pulumi.String(conf.Require("zscalerAppId")),
			AppName:    pulumi.String("zscalerbyz"),
			AuthScheme: oktaprovisioning.ProvisioningConnectionAuthSchemeToken,
			Token:      conf.RequireSecret("zscalerToken"),
			BaseUrl:    pulumi.String(conf.Require("zscalerBaseUrl")),
		})
		if err != nil {
			return err
		}
		// Taking AppId from the connection orders the feature after it.
		push, err := oktaprovisioning.NewProvisioningFeature(ctx, "zscaler-push", &oktaprovisioning.ProvisioningFeatureArgs{
			AppId: zscaler.AppId,
			Name:  oktaprovisioning.ApplicationFeatureTypeUserProvisioning,
			Capabilities: &oktaprovisioning.ApplicationFeatureCapabilitiesArgs{
				Create: &oktaprovisioning.CapabilitiesCreateArgs{
					LifecycleCreate: &oktaprovisioning.LifecycleCreateSettingArgs{Status: oktaprovisioning.EnabledStatusEnabled},
				},
				Update: &oktaprovisioning.CapabilitiesUpdateArgs{
					Profile: &oktaprovisioning.ProfileSettingArgs{Status: oktaprovisioning.EnabledStatusEnabled},
					Password: &oktaprovisioning.PasswordSettingArgs{
						Status: oktaprovisioning.EnabledStatusEnabled,
						Seed:   oktaprovisioning.PasswordSeedRandom,
						Change: oktaprovisioning.PasswordChangeChange,
					},
				},
			},
		})
		if err != nil {
			return err
		}
		for _, declare := range imported {
			if err := declare(ctx); err != nil {
				return err
			}
		}
		ctx.Export("zscalerStatus", zscaler.Status)
		ctx.Export("pushStatus", push.Status)
		// Read-only access, only when the test sets lookupAppId: an app an admin configured, read without being managed.
		if lookupAppId := conf.Get("lookupAppId"); lookupAppId != "" {
			got, err := oktaprovisioning.GetProvisioningConnection(ctx, "looked-up", pulumi.ID(lookupAppId), nil)
			if err != nil {
				return err
			}
			gotFeature, err := oktaprovisioning.GetProvisioningFeature(ctx, "looked-up-push",
				pulumi.ID(lookupAppId+"/USER_PROVISIONING"), nil)
			if err != nil {
				return err
			}
			connection := oktaprovisioning.LookupProvisioningConnectionOutput(ctx,
				oktaprovisioning.LookupProvisioningConnectionOutputArgs{AppId: pulumi.String(lookupAppId)})
			feature, err := oktaprovisioning.LookupProvisioningFeature(ctx, &oktaprovisioning.LookupProvisioningFeatureArgs{
				AppId: lookupAppId,
				Name:  oktaprovisioning.ApplicationFeatureTypeUserProvisioning,
			})
			if err != nil {
				return err
			}
			ctx.Export("lookedUpStatus", got.Status)
			ctx.Export("lookedUpAppName", got.AppName)
			ctx.Export("lookedUpProfilePush", gotFeature.Capabilities.Update().Profile().Status())
			ctx.Export("lookedUpConnectionStatus", connection.Status())
			ctx.Export("lookedUpConnectionAuthScheme", connection.AuthScheme())
			ctx.Export("lookedUpFeatureStatus", pulumi.String(string(feature.Status)))
		}
		return nil
	})
}
