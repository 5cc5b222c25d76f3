package main

import (
	"slices"
	"strings"
	"testing"
)

// TestTheListIsWhatTheBuildShips runs the collection on this repository:
// the modules the window links and the npm packages its page bundles are
// there with their licences' texts; the test and build tools are not.
func TestTheListIsWhatTheBuildShips(t *testing.T) {
	goList, err := goModules("desktop,production,webkit2_41", "postplan")
	if err != nil {
		t.Fatal(err)
	}
	npmList, err := npmPackages("../../frontend")
	if err != nil {
		t.Fatal(err)
	}
	stdlib, err := goStandardLibrary()
	if err != nil {
		t.Fatal(err)
	}
	data, err := copiedData("../..")
	if err != nil {
		t.Fatal(err)
	}
	all := append(append(append(goList, stdlib), npmList...), data...)
	find := func(kind, name string) *Licence {
		i := slices.IndexFunc(all, func(l Licence) bool { return l.Kind == kind && l.Name == name })
		if i < 0 {
			return nil
		}
		return &all[i]
	}
	for _, want := range []struct{ kind, name, licence string }{
		{"go", "github.com/wailsapp/wails/v2", "MIT"},
		{"go", "github.com/dgraph-io/badger/v4", "Apache-2.0"},
		{"go", "github.com/emersion/go-ical", "MIT"},
		{"go", "github.com/teambition/rrule-go", "MIT"},
		{"go", "Go standard library", "BSD-3-Clause"},
		{"npm", "@fullcalendar/core", "MIT"},
		{"npm", "chart.js", "MIT"},
		{"data", "CLDR Windows time zone names", "Unicode-DFS-2016"},
	} {
		l := find(want.kind, want.name)
		if l == nil {
			t.Errorf("%s %s is shipped but not listed", want.kind, want.name)
			continue
		}
		if l.Licence != want.licence || len(l.Text) < 200 || l.Version == "" {
			t.Errorf("%s: licence %q, version %q, %d characters of text", want.name, l.Licence, l.Version, len(l.Text))
		}
	}
	// Tools that build or test the app are not in it.
	for _, name := range []string{"vite", "typescript", "vitest", "playwright-core", "jsdom"} {
		if find("npm", name) != nil {
			t.Errorf("%s is a development tool, not shipped", name)
		}
	}
	for _, name := range []string{"github.com/google/go-cmp", "honnef.co/go/tools", "github.com/goreleaser/nfpm/v2"} {
		if find("go", name) != nil {
			t.Errorf("%s is not linked into the app", name)
		}
	}
	for _, l := range all {
		if strings.TrimSpace(l.Text) == "" {
			t.Errorf("%s has no licence text", l.Name)
		}
	}
}

func TestIdentify(t *testing.T) {
	for text, want := range map[string]string{
		"Apache License\nVersion 2.0, January 2004":                                        "Apache-2.0",
		"Permission is hereby granted, free of charge, to any person":                      "MIT",
		"Permission to use, copy, modify, and/or distribute this software for any purpose": "ISC",
		"Neither the name of Google Inc. nor the names of its contributors":                "BSD-3-Clause",
		"Redistributions in binary form must reproduce the above copyright notice":         "BSD-2-Clause",
		"Mozilla Public License Version 2.0":                                               "MPL-2.0",
		"Some words of our own":                                                            "see the text",
	} {
		if got := identify(text); got != want {
			t.Errorf("identify(%.30q) = %s, want %s", text, got, want)
		}
	}
}
