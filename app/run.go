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

	"postplan/credentials"
	"postplan/instance"
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
	// Ready is called once the window has drawn its first calendar: work
	// that can wait (the day's backup) starts then, not during start-up.
	Ready func()
}

// Run opens the window and blocks until it is closed. The database is closed
// by the caller after Run returns, so a window closed any way (menu, window
// manager, Ctrl+C in `wails dev`) still shuts the database down cleanly.
func Run(c Config) error {
	settings := NewSettings(c.DB, c.DB.Dir(), c.Version, c.Log, c.Started)
	settings.ready = c.Ready
	planner := NewPlanner(c.DB, c.Log)
	team := NewTeam(c.DB, c.Log)
	feeds := NewFeeds(c.DB, c.Log)
	publishing := NewPublishing(c.DB, credentials.New(""), c.Log)
	publishing.pub.ShareRenderer(feeds.renderer)
	files := NewFiles(c.DB, c.Log)
	experiments := NewExperiments(c.DB, c.Log)
	routines := NewRoutines(c.DB, c.Log)
	glance := NewGlance(c.DB, c.Log)
	reminders := NewReminders(c.DB, c.Log)
	recovery := NewRecovery(c.DB.Dir(), nil, c.Log) // bound for one set of bindings; says all is well
	geometry := Geometry{Width: 1280, Height: 820}
	var saved Geometry
	if ok, err := c.DB.Setting(context.Background(), "window", &saved); err == nil && ok && saved.usable() {
		geometry = saved
	}
	var appCtx context.Context
	var single *instance.Listener
	err := wails.Run(&options.App{
		Title:            "Postplan",
		Width:            geometry.Width,
		Height:           geometry.Height,
		MinWidth:         minWidth,
		MinHeight:        minHeight,
		AssetServer:      &assetserver.Options{Assets: c.Assets},
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 249, A: 1},
		Logger:           wailsLogger{c.Log.With("component", "wails")},
		OnStartup: func(ctx context.Context) {
			settings.startup(ctx)
			planner.startup(ctx)
			team.startup(ctx)
			feeds.startup(ctx)
			publishing.startup(ctx)
			files.startup(ctx)
			experiments.startup(ctx)
			routines.startup(ctx)
			glance.startup(ctx)
			reminders.startup(ctx)
			appCtx = ctx
			if geometry != (Geometry{Width: 1280, Height: 820}) {
				runtime.WindowSetPosition(ctx, geometry.X, geometry.Y)
			}
			quitOnSignal(ctx)
			var err error
			if single, err = instance.Listen(c.DB.Dir(), func() { bringForward(ctx) }); err != nil {
				c.Log.Warn("second launches cannot reach this window", "err", err)
			}
		},
		OnBeforeClose: func(ctx context.Context) bool {
			rememberGeometry(ctx, c)
			return false
		},
		OnDomReady: func(context.Context) {
			c.Log.Info("window shown", "since_start_ms", time.Since(c.Started).Milliseconds())
		},
		OnShutdown: func(context.Context) {
			feeds.shutdown()
			publishing.shutdown()
			reminders.shutdown()
			if single != nil {
				if err := single.Close(); err != nil {
					c.Log.Warn("stop answering second launches", "err", err)
				}
			}
		},
		Menu: appMenu(func(action string) {
			if action == "quit" {
				runtime.Quit(appCtx)
				return
			}
			runtime.EventsEmit(appCtx, "menu", action)
		}),
		Bind:  []any{settings, planner, team, feeds, publishing, files, experiments, routines, glance, recovery, reminders},
		Linux: &linux.Options{Icon: c.Icon, ProgramName: "postplan", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		return fmt.Errorf("open window: %w", err)
	}
	return nil
}

// The smallest window the planner is usable in.
const (
	minWidth  = 800
	minHeight = 560
)

// bringForward shows the window, minimised or behind others, in front.
func bringForward(ctx context.Context) {
	runtime.WindowUnminimise(ctx) // gtk_window_present on Linux
	runtime.WindowShow(ctx)
}

// rememberGeometry saves the window's size and place for the next start.
func rememberGeometry(ctx context.Context, c Config) {
	var g Geometry
	g.Width, g.Height = runtime.WindowGetSize(ctx)
	g.X, g.Y = runtime.WindowGetPosition(ctx)
	if !g.usable() {
		return
	}
	if err := c.DB.PutSetting(ctx, "window", g); err != nil {
		c.Log.Warn("remember window size", "err", err)
	}
}

// appMenu is the window's menu bar. Its items are the window's own actions,
// sent to it by name ("undo", "view:week", "import"), so a menu item and
// its shortcut do the same thing, and every dialog speaks the window's
// language. Undo and Redo go through the window because inside a text
// field they undo typing, not the plan.
func appMenu(do func(action string)) *menu.Menu {
	item := func(action string) func(*menu.CallbackData) {
		return func(*menu.CallbackData) { do(action) }
	}
	m := menu.NewMenu()
	file := m.AddSubmenu("File")
	file.AddText("New post", keys.CmdOrCtrl("n"), item("new"))
	file.AddSeparator()
	file.AddText("Import…", keys.CmdOrCtrl("i"), item("import"))
	file.AddText("Export…", keys.CmdOrCtrl("e"), item("export"))
	file.AddSeparator()
	file.AddText("Back up…", nil, item("backup"))
	file.AddText("Restore a backup…", nil, item("restore"))
	file.AddSeparator()
	file.AddText("Quit", keys.CmdOrCtrl("q"), item("quit"))
	edit := m.AddSubmenu("Edit")
	edit.AddText("Undo", keys.CmdOrCtrl("z"), item("undo"))
	edit.AddText("Redo", keys.Combo("z", keys.CmdOrCtrlKey, keys.ShiftKey), item("redo"))
	edit.AddSeparator()
	edit.AddText("Find…", keys.CmdOrCtrl("f"), item("search"))
	edit.AddText("Settings…", keys.CmdOrCtrl(","), item("settings"))
	view := m.AddSubmenu("View")
	view.AddText("Month", keys.CmdOrCtrl("1"), item("view:month"))
	view.AddText("Week", keys.CmdOrCtrl("2"), item("view:week"))
	view.AddText("Agenda", keys.CmdOrCtrl("3"), item("view:agenda"))
	view.AddText("Week at a glance", keys.CmdOrCtrl("6"), item("glance"))
	view.AddText("Due now", keys.CmdOrCtrl("d"), item("due"))
	view.AddSeparator()
	view.AddText("Today", keys.CmdOrCtrl("t"), item("today"))
	view.AddText("Ideas", keys.CmdOrCtrl("b"), item("ideas"))
	view.AddText("Experiments", keys.CmdOrCtrl("4"), item("experiments"))
	view.AddText("Routines and rota", keys.CmdOrCtrl("5"), item("routines"))
	view.AddText("Feeds…", nil, item("feeds"))
	help := m.AddSubmenu("Help")
	help.AddText("Load sample plan", nil, item("sample"))
	help.AddText("Keyboard shortcuts", keys.Key("f1"), item("shortcuts"))
	help.AddSeparator()
	help.AddText("About Postplan", nil, item("about"))
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
