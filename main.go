// Command postplan is the Postplan desktop app and its command-line tools.
// With no subcommand it opens the window; subcommands work on the same data
// folder without one.
package main

import (
	"embed"
	"os"
	"time"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	started := time.Now()
	os.Exit(run(os.Args[1:], cli{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, started: started}))
}
