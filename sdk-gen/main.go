// Command sdk-gen writes the Python or the Go SDK of a Pulumi package schema, with the same
// code generators the Pulumi CLI's language hosts use (pkg/v3 codegen/python, codegen/go).
// `pulumi package gen-sdk --language python|go` needs those language hosts, which a CLI built
// from the Go module proxy lacks; the generators themselves are plain Go libraries.
//
//	sdk-gen python|go <schema.json> <out-dir>
//
// The Go SDK gets a go.mod (module = the import base path's parent, requiring the pulumi sdk/v3
// this program was built with) when the generator writes none, so `go build ./...` works in it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-opensolar sdk-gen"

// noPackages answers every lookup of another package with an error: the opensolar schema
// references none, and resolving one would need plugins this program does not run.
type noPackages struct{}

func refused(name string) error {
	return fmt.Errorf("sdk-gen: the schema refers to package %q; sdk-gen resolves no other packages (remove the reference or use `pulumi package gen-sdk`)", name)
}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, refused(name)
}

func (noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refused(d.Name)
}

func (noPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, refused(name)
}

func (noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, refused(d.Name)
}

func bind(schemaPath string) (*schema.Package, error) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, fmt.Errorf("sdk-gen: cannot read the schema: %w", err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("sdk-gen: %s is not a Pulumi package schema (JSON): %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("sdk-gen: binding %s: %w", schemaPath, err)
	}
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "sdk-gen: %s: %s\n", schemaPath, d.Error())
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("sdk-gen: %s has %d schema error(s), listed above; fix the schema generator", schemaPath, len(diags.Errs()))
	}
	return pkg, nil
}

// sdkVersion is the pulumi sdk/v3 this program was built with: the generated Go SDK asks for it.
func sdkVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/pulumi/pulumi/sdk/v3" {
				return dep.Version
			}
		}
	}
	return "v3.274.1"
}

func goModule(pkg *schema.Package, files map[string][]byte) {
	if _, ok := files["go.mod"]; ok {
		return
	}
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	base := info.ImportBasePath
	if base == "" {
		base = gogen.ExtractImportBasePath(pkg.Reference())
	}
	files["go.mod"] = fmt.Appendf(nil, "module %s\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n",
		path.Dir(base), sdkVersion())
}

func generate(language, schemaPath string) (map[string][]byte, error) {
	pkg, err := bind(schemaPath)
	if err != nil {
		return nil, err
	}
	switch language {
	case "python":
		return pygen.GeneratePackage(tool, pkg, nil, noPackages{})
	case "go":
		files, err := gogen.GeneratePackage(tool, pkg, nil)
		if err == nil {
			goModule(pkg, files)
		}
		return files, err
	default:
		return nil, fmt.Errorf("sdk-gen: unknown language %q: say python or go", language)
	}
}

func write(outDir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(outDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func run(args []string) error {
	if len(args) != 3 {
		return errors.New("usage: sdk-gen python|go <schema.json> <out-dir>")
	}
	language, schemaPath, outDir := args[0], args[1], args[2]
	files, err := generate(language, schemaPath)
	if err != nil {
		return err
	}
	if err := write(outDir, files); err != nil {
		return fmt.Errorf("sdk-gen: writing the %s SDK to %s: %w", language, outDir, err)
	}
	fmt.Fprintf(os.Stderr, "sdk-gen: %s SDK: %d files in %s\n", language, len(files), outDir)
	return nil
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
