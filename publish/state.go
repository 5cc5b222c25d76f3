package publish

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"time"

	"postplan/atomicfile"
)

// state is what was published last, kept in the data folder beside the
// plan, not in it: it is a cache of the server's files, and writing it must
// not count as a change to the plan (which would publish again).
type state struct {
	// Target is the Key of the target the files were published to; a new
	// target starts afresh.
	Target string `json:"target"`
	// Files are the files published, by name.
	Files       map[string]published `json:"files"`
	LastSuccess time.Time            `json:"lastSuccess,omitzero"`
}

type published struct {
	Feed string `json:"feed"`
	Hash string `json:"hash"`
	// ETag is what the server said of the file after the upload; another
	// one there means the file was changed or removed on the server.
	ETag string `json:"etag"`
}

// stateFile is the state's name in the data folder.
const stateFile = "publish-state.json"

func loadState(dir string) state {
	var s state
	b, err := os.ReadFile(filepath.Join(dir, stateFile))
	if err == nil {
		_ = json.Unmarshal(b, &s) // a damaged cache is an empty one
	}
	if s.Files == nil {
		s.Files = map[string]published{}
	}
	return s
}

// save writes the state whole.
func (s *state) save(dir string) error {
	if dir == "" {
		return errors.New("no data folder")
	}
	b, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		return err
	}
	return atomicfile.Write(context.Background(), filepath.Join(dir, stateFile), b, nil)
}
