package app

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"postplan/storage"
)

// Config is what the desktop shell needs from main.
type Config struct {
	Assets  fs.FS // the built frontend (frontend/dist)
	Icon    []byte
	Version string
	Log     *slog.Logger
	DB      *storage.DB
	Started time.Time // process start, for the start-up figure
}

// Run opens the window and blocks until it is closed. The database is closed
// by the caller after Run returns, so a window closed any way (menu, window
// manager, Ctrl+C in `wails dev`) still shuts the database down cleanly.
func Run(c Config) error {
	settings := NewSettings(c.DB.Dir(), c.Version, c.Log, c.Started)
	planner := NewPlanner(c.DB, c.Log)
	feeds := NewFeeds(c.DB, c.Log)
	files := NewFiles(c.DB, c.Log)
	var appCtx context.Context
	err := wails.Run(&options.App{
		Title:            "Postplan",
		Width:            1280,
		Height:           820,
		MinWidth:         800,
		MinHeight:        560,
		AssetServer:      &assetserver.Options{Assets: c.Assets},
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 249, A: 1},
		Logger:           wailsLogger{c.Log.With("component", "wails")},
		OnStartup: func(ctx context.Context) {
			settings.startup(ctx)
			planner.startup(ctx)
			feeds.startup(ctx)
			files.startup(ctx)
			appCtx = ctx
			quitOnSignal(ctx)
		},
		OnDomReady: func(context.Context) {
			c.Log.Info("window shown", "since_start_ms", time.Since(c.Started).Milliseconds())
		},
		OnShutdown: func(context.Context) { feeds.shutdown() },
		Menu:       appMenu(files, func() { runtime.Quit(appCtx) }),
		Bind:       []any{settings, planner, feeds, files},
		Linux:      &linux.Options{Icon: c.Icon, ProgramName: "postplan"},
	})
	if err != nil {
		return fmt.Errorf("open window: %w", err)
	}
	return nil
}

// appMenu is the window's menu bar. File > Import and Export use native
// file dialogs; later menus (Edit, View, Help) come with the editor.
func appMenu(files *Files, quit func()) *menu.Menu {
	m := menu.NewMenu()
	file := m.AddSubmenu("File")
	file.AddText("Import calendar file…", keys.CmdOrCtrl("i"), func(*menu.CallbackData) { go files.importDialog() })
	file.AddText("Export calendar file…", keys.CmdOrCtrl("e"), func(*menu.CallbackData) { go files.exportDialog() })
	file.AddSeparator()
	file.AddText("Quit", keys.CmdOrCtrl("q"), func(*menu.CallbackData) { quit() })
	return m
}

// quitOnSignal closes the window on SIGINT or SIGTERM (a logout, `kill`,
// Ctrl+C in a terminal) so that Run returns and the database is closed
// cleanly instead of the process dying with the window still open.
func quitOnSignal(ctx context.Context) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-sig:
			runtime.Quit(ctx)
		case <-ctx.Done():
		}
		signal.Stop(sig)
	}()
}

// wailsLogger sends Wails' own log lines to our log file.
type wailsLogger struct{ log *slog.Logger }

func (l wailsLogger) Print(m string)   { l.log.Info(m) }
func (l wailsLogger) Trace(m string)   { l.log.Debug(m) }
func (l wailsLogger) Debug(m string)   { l.log.Debug(m) }
func (l wailsLogger) Info(m string)    { l.log.Info(m) }
func (l wailsLogger) Warning(m string) { l.log.Warn(m) }
func (l wailsLogger) Error(m string)   { l.log.Error(m) }
func (l wailsLogger) Fatal(m string)   { l.log.Error(m) }
