// Command licences lists the licences of what Postplan ships: the Go
// modules linked into the binary and the npm packages bundled into its
// page, each with its licence's text, as JSON for the About box. It runs
// at build time (make build), so the list is what the build holds, not
// what someone wrote down.
//
//	go run ./tools/licences -tags desktop,production,webkit2_41 -frontend frontend > frontend/public/licences.json
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Licence is one shipped component and its licence.
type Licence struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Kind    string `json:"kind"` // "go", "npm" or "data"
	Licence string `json:"licence"`
	Text    string `json:"text"`
}

func main() {
	tags := flag.String("tags", "desktop,production,webkit2_41", "the build tags of the binary whose modules are listed")
	frontend := flag.String("frontend", "frontend", "the frontend folder, with node_modules installed")
	pkg := flag.String("pkg", ".", "the main package of the binary")
	root := flag.String("root", ".", "the repository, for the data copied into it")
	flag.Parse()
	goLicences, err := goModules(*tags, *pkg)
	if err != nil {
		fail(err)
	}
	npmLicences, err := npmPackages(*frontend)
	if err != nil {
		fail(err)
	}
	stdlib, err := goStandardLibrary()
	if err != nil {
		fail(err)
	}
	data, err := copiedData(*root)
	if err != nil {
		fail(err)
	}
	all := append(append(append(goLicences, stdlib), npmLicences...), data...)
	slices.SortFunc(all, func(a, b Licence) int { return strings.Compare(a.Kind+a.Name, b.Kind+b.Name) })
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(all); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "licences:", err)
	os.Exit(1)
}

// goModules lists the modules whose packages the binary built from pkg
// links.
func goModules(tags, pkg string) ([]Licence, error) {
	cmd := exec.Command("go", "list", "-deps", "-tags", tags, "-f", "{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}} {{.Dir}}{{end}}{{end}}", pkg)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	seen := map[string]bool{}
	var list []Licence
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || seen[f[0]] {
			continue
		}
		seen[f[0]] = true
		text, err := licenceText(f[2])
		if err != nil {
			return nil, fmt.Errorf("module %s: %w", f[0], err)
		}
		list = append(list, Licence{Name: f[0], Version: f[1], Kind: "go", Licence: identify(text), Text: text})
	}
	return list, sc.Err()
}

// copied is the data copied into the repository that the binary holds
// and no module brings, each with the file of its notice.
var copied = []struct{ name, version, licence, notice string }{
	{"CLDR Windows time zone names", "CLDR, as tzlocal 4.2", "Unicode-DFS-2016", "calendar/ics/windowszones.LICENSE"},
}

// copiedData lists copied with their notices' texts, read from root.
func copiedData(root string) ([]Licence, error) {
	var list []Licence
	for _, c := range copied {
		text, err := os.ReadFile(filepath.Join(root, c.notice))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		list = append(list, Licence{Name: c.name, Version: c.version, Kind: "data", Licence: c.licence, Text: string(text)})
	}
	return list, nil
}

// goStandardLibrary is Go's own packages, linked into every binary under
// the toolchain's licence.
func goStandardLibrary() (Licence, error) {
	out, err := exec.Command("go", "env", "GOROOT", "GOVERSION").Output()
	if err != nil {
		return Licence{}, fmt.Errorf("go env: %w", err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return Licence{}, fmt.Errorf("go env printed %q", out)
	}
	text, err := licenceText(f[0])
	if err != nil {
		return Licence{}, fmt.Errorf("the Go standard library: %w", err)
	}
	return Licence{Name: "Go standard library", Version: f[1], Kind: "go", Licence: identify(text), Text: text}, nil
}

type packageJSON struct {
	Name         string            `json:"name"`
	Version      string            `json:"version"`
	License      any               `json:"license"`
	Dependencies map[string]string `json:"dependencies"`
}

// npmPackages lists the frontend's production dependencies and theirs:
// what the bundle can hold. Development tools (Vite, TypeScript, the test
// runners) are not shipped.
func npmPackages(dir string) ([]Licence, error) {
	var root packageJSON
	if err := readJSON(filepath.Join(dir, "package.json"), &root); err != nil {
		return nil, err
	}
	var list []Licence
	seen := map[string]bool{}
	queue := slices.Sorted(mapsKeys(root.Dependencies))
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		pdir := filepath.Join(dir, "node_modules", name)
		var p packageJSON
		if err := readJSON(filepath.Join(pdir, "package.json"), &p); err != nil {
			return nil, fmt.Errorf("npm package %s is not installed (run npm ci): %w", name, err)
		}
		text, err := licenceText(pdir)
		if err != nil {
			return nil, fmt.Errorf("npm package %s: %w", name, err)
		}
		licence := fmt.Sprint(p.License)
		if licence == "" || licence == "<nil>" {
			licence = identify(text)
		}
		list = append(list, Licence{Name: name, Version: p.Version, Kind: "npm", Licence: licence, Text: text})
		queue = append(queue, slices.Sorted(mapsKeys(p.Dependencies))...)
	}
	return list, nil
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

var licenceFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying|notice)(\.(md|txt|markdown|rst))?$|^licen[cs]e[-._]`)

// licenceText is the text of the licence files in dir.
func licenceText(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, e := range entries {
		if e.IsDir() || !licenceFile.MatchString(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return "", err
		}
		parts = append(parts, strings.TrimSpace(string(b)))
	}
	if len(parts) == 0 {
		return "", fmt.Errorf("no licence file in %s", dir)
	}
	return strings.Join(parts, "\n\n"), nil
}

// identify names a licence from its text, for the list; the text itself
// is what counts.
func identify(text string) string {
	t := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	switch {
	case strings.Contains(t, "apache license") && strings.Contains(t, "version 2.0"):
		return "Apache-2.0"
	case strings.Contains(t, "mozilla public license") && strings.Contains(t, "2.0"):
		return "MPL-2.0"
	case strings.Contains(t, "permission is hereby granted, free of charge"):
		return "MIT"
	case strings.Contains(t, "permission to use, copy, modify, and/or distribute this software for any purpose"):
		return "ISC"
	case strings.Contains(t, "neither the name") || strings.Contains(t, "names of its contributors"):
		return "BSD-3-Clause"
	case strings.Contains(t, "redistributions in binary form must reproduce"):
		return "BSD-2-Clause"
	case strings.Contains(t, "gnu lesser general public license"):
		return "LGPL"
	}
	return "see the text"
}
