// Command sdk-gen drives the Pulumi engine's own code generators (pkg/v3/codegen) for a package schema:
//
//	sdk-gen sdk python|nodejs|go SCHEMA.json OUTDIR
//	    writes the typed SDK of the package: what `pulumi package gen-sdk --language LANG` runs inside a current
//	    language host.
//	sdk-gen import-code python|nodejs|go SCHEMA.json STACK.json NAME...
//	    prints the program code `pulumi import` generates for the resources NAME... of a `pulumi stack export`:
//	    the importer's PCL (pkg/v3/importer, as the CLI calls it) and the language's program generator, as a current
//	    language host's GenerateProgram runs it. Exit 1, with the diagnostics on stderr, on any error or warning.
//
// The language hosts this project can build (Node.js and Python v3.68.0, Go v3.66.0; ENGINE.md) predate the
// GeneratePackage and GenerateProgram RPCs, so the generators are driven directly. Everything goes through the same
// steps: bind the schema as the engine does (refusing references to other packages), hand the bound package to the
// language's generator. Resources, types, enums and functions are all the schema's, so a schema that grows
// `functions` grows every SDK without a change here.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/pkg/v3/importer"
	pkgresource "github.com/pulumi/pulumi/pkg/v3/resource"
	"github.com/pulumi/pulumi/pkg/v3/resource/stack"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// The tool name the generators write into each file's "do not edit" header.
const tool = "pulumi-okta-provisioning"

// onePackage is the loader for a schema that must stand alone: it answers its own package (the importer and the
// program generators look it up by name) and reports any other reference as an error instead of a plugin download.
type onePackage struct{ pkg *schema.Package }

func (l onePackage) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	if l.pkg != nil && name == l.pkg.Name {
		return l.pkg, nil
	}
	return nil, fmt.Errorf("schema refers to package %q; okta-provisioning must not depend on other packages", name)
}

func (l onePackage) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, nil)
}

func (l onePackage) LoadPackageReference(name string, v *semver.Version) (schema.PackageReference, error) {
	pkg, err := l.LoadPackage(name, v)
	if err != nil {
		return nil, err
	}
	return pkg.Reference(), nil
}

func (l onePackage) LoadPackageReferenceV2(ctx context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}

// blinded decrypts every secret of a stack export to the JSON string "[secret]": the imported resources hold none
// (Okta never returns a token), and a provider's credentials are not part of the generated code.
type blinded struct{}

func (blinded) DecryptValue(context.Context, string) (string, error) { return `"[secret]"`, nil }

func (b blinded) BatchDecrypt(ctx context.Context, ciphertexts []string) ([]string, error) {
	out := make([]string, len(ciphertexts))
	for i := range ciphertexts {
		out[i], _ = b.DecryptValue(ctx, ciphertexts[i])
	}
	return out, nil
}

var sdkGenerators = map[string]func(*schema.Package) (map[string][]byte, error){
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		return python.GeneratePackage(tool, pkg, nil, onePackage{})
	},
	"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejs.GeneratePackage(tool, pkg, nil, nil, false, onePackage{})
	},
	"go": func(pkg *schema.Package) (map[string][]byte, error) {
		return gogen.GeneratePackage(tool, pkg, nil)
	},
}

var programGenerators = map[string]func(*pcl.Program) (map[string][]byte, hcl.Diagnostics, error){
	"python": python.GenerateProgram,
	"nodejs": nodejs.GenerateProgram,
	"go":     gogen.GenerateProgram,
}

const usage = `usage: sdk-gen sdk python|nodejs|go SCHEMA.json OUTDIR
       sdk-gen import-code python|nodejs|go SCHEMA.json STACK.json NAME...`

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "sdk-gen: "+format+"\n", args...)
	os.Exit(1)
}

func bind(schemaPath string) *schema.Package {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		fail("%v", err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		fail("%s is not a package schema: %v", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, onePackage{}, schema.ValidationOptions{})
	for _, d := range diags {
		fmt.Fprintln(os.Stderr, d.Error())
	}
	if err != nil || diags.HasErrors() {
		fail("the schema does not bind: %v", err)
	}
	return pkg
}

func writeFiles(outDir string, files map[string][]byte) []string {
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
	return names
}

func sdk(language, schemaPath, outDir string) {
	pkg := bind(schemaPath)
	files, err := sdkGenerators[language](pkg)
	if err != nil {
		fail("generating the %s SDK: %v", language, err)
	}
	names := writeFiles(outDir, files)
	fmt.Printf("wrote %d files of the %s SDK for %s %s to %s\n", len(names), language, pkg.Name, pkg.Version, outDir)
}

// importCode mirrors what `pulumi import` does after the import (generateImportedDefinitions in the CLI's
// operations/import.go): the imported states, unprotected, through importer.GenerateLanguageDefinitions.
func importCode(language, schemaPath, stackPath string, names []string) (err error) {
	pkg := bind(schemaPath)
	raw, err := os.ReadFile(stackPath)
	if err != nil {
		return err
	}
	var exported struct {
		Deployment apitype.DeploymentV3 `json:"deployment"`
	}
	if err := json.Unmarshal(raw, &exported); err != nil {
		return fmt.Errorf("%s is not a `pulumi stack export`: %w", stackPath, err)
	}
	var snapshot, imported []*pkgresource.State
	byName := map[string]*pkgresource.State{}
	for _, res := range exported.Deployment.Resources {
		state, err := stack.DeserializeResource(res, blinded{})
		if err != nil {
			return err
		}
		snapshot = append(snapshot, state)
		byName[state.URN.Name()] = state
	}
	for _, name := range names {
		state, ok := byName[name]
		if !ok {
			return fmt.Errorf("no resource named %q in %s", name, stackPath)
		}
		copied := state.Copy()
		copied.Protect = false
		imported = append(imported, copied)
	}
	// The CLI turns a panic of the importer into "there was an error generating the import code": so does this.
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("there was an error generating the import code: %v", v)
		}
	}()
	var out strings.Builder
	var diagnostics hcl.Diagnostics
	generate := func(w io.Writer, p *pcl.Program) error {
		files, diags, err := programGenerators[language](p)
		diagnostics = append(diagnostics, diags...)
		if err != nil {
			return err
		}
		keys := make([]string, 0, len(files))
		for name := range files {
			keys = append(keys, name)
		}
		sort.Strings(keys)
		for _, name := range keys {
			if _, err := w.Write(files[name]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := importer.GenerateLanguageDefinitions(&out, onePackage{pkg}, generate, imported, snapshot, nil); err != nil {
		return err
	}
	if len(diagnostics) > 0 {
		var text []string
		for _, d := range diagnostics {
			text = append(text, d.Error())
		}
		return errors.New(strings.Join(text, "\n"))
	}
	fmt.Print(out.String())
	return nil
}

func main() {
	args := os.Args[1:]
	switch {
	case len(args) == 4 && args[0] == "sdk" && sdkGenerators[args[1]] != nil:
		sdk(args[1], args[2], args[3])
	case len(args) >= 5 && args[0] == "import-code" && programGenerators[args[1]] != nil:
		if err := importCode(args[1], args[2], args[3], args[4:]); err != nil {
			fail("%v", err)
		}
	default:
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
}
