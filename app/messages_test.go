package app

import (
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/calendar/csvplan"
)

var update = flag.Bool("update", false, "rewrite frontend/src/langs/messages.json")

// catalog is every message the window may be sent, for its translations to
// be checked against (frontend/src/langs/langs.test.ts).
type catalog struct {
	Messages []string `json:"messages"`
	Labels   []string `json:"labels"`
}

// TestMessagesAreListedForTranslation finds the format of every domain
// error in the code and checks the list the translations are tested against
// is up to date, so no message reaches a Danish user untranslated unnoticed.
func TestMessagesAreListedForTranslation(t *testing.T) {
	seen := map[string]bool{}
	for _, dir := range []string{"../calendar", "../calendar/csvplan", "../calendar/ics", "../storage", ".", "../transfer", "../publish"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				arg := -1
				switch fn := call.Fun.(type) {
				case *ast.SelectorExpr:
					if id, ok := fn.X.(*ast.Ident); ok && id.Name == "calendar" && (fn.Sel.Name == "Errorf" || fn.Sel.Name == "FieldErrorf") {
						arg = 1
					}
				case *ast.Ident:
					switch fn.Name {
					case "Errorf", "FieldErrorf", "bad": // bad: a CSV cell's problem (csvplan)
						arg = 1
					case "ruleErrorf":
						arg = 0
					}
				}
				if arg < 0 || len(call.Args) <= arg {
					return true
				}
				if lit, ok := call.Args[arg].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						seen[s] = true
					}
				}
				return true
			})
		}
	}
	var got catalog
	for s := range seen {
		got.Messages = append(got.Messages, s)
	}
	slices.Sort(got.Messages)
	// A CSV file's problems name its columns, which the window translates
	// as it does fields.
	got.Labels = calendar.FieldLabels()
	for _, c := range csvplan.Columns {
		if !slices.Contains(got.Labels, string(c)) {
			got.Labels = append(got.Labels, string(c))
		}
	}
	slices.Sort(got.Labels)
	path := "../frontend/src/langs/messages.json"
	if *update {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var want catalog
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages changed (-listed +in the code); run go test ./app -run Messages -update and translate them:\n%s", diff)
	}
}
