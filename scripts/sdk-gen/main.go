// Command python-sdk-gen writes a typed Python SDK for a Pulumi package schema with the Pulumi engine's own Python
// code generator — what `pulumi package gen-sdk --language python` runs inside a current Python language host. The
// host this project can build (v3.68.0, ENGINE.md) predates that RPC, so the generator is driven directly.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noPackages is the loader for a schema that must stand alone: okta-provisioning references no other package, so
// any reference is reported as an error instead of a plugin download.
type noPackages struct{}

func (noPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("schema refers to package %q; okta-provisioning must not depend on other packages", pkg)
}

func (l noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, nil)
}

func (noPackages) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("schema refers to package %q; okta-provisioning must not depend on other packages", pkg)
}

func (l noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "python-sdk-gen: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: python-sdk-gen SCHEMA.json OUTDIR")
		os.Exit(2)
	}
	schemaPath, outDir := os.Args[1], os.Args[2]
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		fail("%v", err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		fail("%s is not a package schema: %v", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	for _, d := range diags {
		fmt.Fprintln(os.Stderr, d.Error())
	}
	if err != nil || diags.HasErrors() {
		fail("the schema does not bind: %v", err)
	}
	files, err := python.GeneratePackage("pulumi-okta-provisioning", pkg, nil, noPackages{})
	if err != nil {
		fail("generating: %v", err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		dest := filepath.Join(outDir, name)
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			fail("%v", err)
		}
		if err := os.WriteFile(dest, files[name], 0o644); err != nil {
			fail("%v", err)
		}
	}
	fmt.Printf("wrote %d files of the Python SDK for %s %s to %s\n", len(names), pkg.Name, pkg.Version, outDir)
}
