// Command schema-check binds a Pulumi package schema with the Pulumi engine's own codegen/schema package —
// the same code `pulumi package gen-sdk` runs first — and prints its diagnostics. Exit 0: the engine accepts it.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noPackages is the loader for a schema that must stand alone: our package references no other package, so any
// reference the binder tries to load is reported as an error instead of a plugin download.
type noPackages struct{}

func (noPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("schema refers to package %q; okta-provisioning must not depend on other packages", pkg)
}

func (l noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, nil)
}

func (l noPackages) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("schema refers to package %q; okta-provisioning must not depend on other packages", pkg)
}

func (l noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: schema-check SCHEMA.json")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		fmt.Fprintf(os.Stderr, "%s is not a package spec: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	for _, d := range diags {
		fmt.Fprintln(os.Stderr, d.Error())
	}
	if err != nil || diags.HasErrors() {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
	fmt.Printf("ok: %s %s, %d resources, %d types\n", pkg.Name, pkg.Version, len(pkg.Resources), len(pkg.Types))
}
