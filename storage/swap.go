package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"postplan/atomicfile"
)

// A whole plan is replaced (a restore, a recovery from a damaged database)
// by building the new one in a staging folder inside the data folder, then
// swapping the database files, never by emptying the plan and refilling
// it: a restore that fails half-way must leave the plan as it was.
//
//  1. swapMarker is written, naming the staging and aside folders, in
//     phase "aside", and synced.
//  2. The plan's database files move into the aside folder.
//  3. The marker moves to phase "in"; the staging files move in.
//  4. The marker goes; the staging folder goes, and the aside folder too
//     unless the caller keeps it.
//
// A crash at any point leaves a marker that Open reads, and it finishes the
// swap: the staging plan was complete and checked before step 1.
const swapMarker = "restore-swap.json"

type swapState struct {
	Staging string `json:"staging"` // folder names inside the data folder
	Aside   string `json:"aside"`
	Phase   string `json:"phase"` // "aside", then "in"
	Keep    bool   `json:"keep"`  // keep the aside folder afterwards
}

// IsDatabaseFile reports whether name in the data folder is one of the
// database's own files, as opposed to the log, the backups, our lock and
// what the user put there.
func IsDatabaseFile(name string) bool {
	switch name {
	case "MANIFEST", "REWRITEMANIFEST", "KEYREGISTRY", "REWRITE-KEYREGISTRY", "DISCARD", "LOCK":
		return true
	}
	for _, ext := range []string{".sst", ".vlog", ".mem"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// SwapIn replaces the database files in dir with those of the closed,
// complete database in staging (a folder inside dir), keeping the old ones
// in aside (also inside dir) when keep is set. Nothing may have the
// database in dir open.
func SwapIn(dir, staging, aside string, keep bool, log *slog.Logger) error {
	st := swapState{Staging: filepath.Base(staging), Aside: filepath.Base(aside), Phase: "aside", Keep: keep}
	if err := os.MkdirAll(filepath.Join(dir, st.Aside), 0o700); err != nil {
		return err
	}
	if err := writeSwapState(dir, st); err != nil {
		return err
	}
	return runSwap(dir, st, log)
}

// finishSwap completes a swap that a crash interrupted, if any.
func finishSwap(dir string, log *slog.Logger) error {
	b, err := os.ReadFile(filepath.Join(dir, swapMarker))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	var st swapState
	if err := json.Unmarshal(b, &st); err != nil || st.Staging == "" || st.Aside == "" ||
		strings.ContainsAny(st.Staging+st.Aside, `/\`) || strings.HasPrefix(st.Staging, "..") || strings.HasPrefix(st.Aside, "..") {
		return fmt.Errorf("%s is not a swap Postplan started: %q", swapMarker, b)
	}
	log.Warn("finishing a restore that was interrupted", "staging", st.Staging, "phase", st.Phase)
	return runSwap(dir, st, log)
}

func runSwap(dir string, st swapState, log *slog.Logger) error {
	staging, aside := filepath.Join(dir, st.Staging), filepath.Join(dir, st.Aside)
	if st.Phase == "aside" {
		if err := os.MkdirAll(aside, 0o700); err != nil {
			return err
		}
		if err := moveFiles(dir, aside, IsDatabaseFile); err != nil {
			return fmt.Errorf("set the replaced plan aside: %w", err)
		}
		st.Phase = "in"
		if err := writeSwapState(dir, st); err != nil {
			return err
		}
	}
	if err := moveFiles(staging, dir, IsDatabaseFile); err != nil {
		return fmt.Errorf("move the restored plan in: %w", err)
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, swapMarker)); err != nil {
		return err
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		return err
	}
	if err := os.RemoveAll(staging); err != nil {
		log.Warn("remove the staging folder", "err", err)
	}
	if !st.Keep {
		if err := os.RemoveAll(aside); err != nil {
			log.Warn("remove the replaced plan's files", "err", err)
		}
	}
	return nil
}

// unswap puts the aside folder's files back, after a swap whose result
// would not open: the plan is as it was.
func unswap(dir, aside string) error {
	if err := moveFiles(dir, filepath.Join(dir, "."+filepath.Base(aside)+"-failed"), IsDatabaseFile); err != nil {
		return err
	}
	return moveFiles(aside, dir, IsDatabaseFile)
}

func writeSwapState(dir string, st swapState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return atomicfile.Write(context.Background(), filepath.Join(dir, swapMarker), b, nil)
}

// moveFiles renames the files of from that which accepts into to. A file
// already moved is not there any more, so running it again after a crash
// moves the rest.
func moveFiles(from, to string, which func(name string) bool) error {
	entries, err := os.ReadDir(from)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o700); err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !which(e.Name()) {
			continue
		}
		if err := os.Rename(filepath.Join(from, e.Name()), filepath.Join(to, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
