package storage

import (
	"encoding/binary"
	"math"
	"time"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// Every key starts with a typed prefix so that each kind of record and each
// index is one contiguous range. Times are big-endian unix seconds offset by
// 2^63 so that key order is time order, dates before 1970 included, and a
// window query is a range scan.
//
// Every prefix is here; records.go has the JSON records' types.
var (
	schemaKey  = []byte("meta/schema")  // the layout's version, big-endian
	spanGenKey = []byte("meta/spangen") // bumped by every write to the span index (spans.go)

	postPrefix       = []byte("post/")      // post/<id> -> record (record.go)
	startPrefix      = []byte("idx/start/") // idx/start/<start><id> -> <end><record>
	spanPrefix       = []byte("idx/span/")  // idx/span/<end><id> -> <start><rev>
	tagPrefix        = []byte("idx/tag/")   // idx/tag/<tag>\x00<id> -> empty
	undatedPrefix    = []byte("idx/undated/")
	tombPrefix       = []byte("tomb/")       // tomb/<id> -> <deleted><record>
	tombTimePrefix   = []byte("idx/tomb/")   // idx/tomb/<deleted><id> -> empty
	campaignPrefix   = []byte("campaign/")   // campaign/<tag> -> campaignRecord
	memberPrefix     = []byte("member/")     // member/<id> -> memberRecord
	channelPrefix    = []byte("channel/")    // channel/<name> -> channelRecord
	experimentPrefix = []byte("experiment/") // experiment/<id> -> experimentRecord
	routinePrefix    = []byte("routine/")    // routine/<id> -> routineRecord
	feedPrefix       = []byte("feed/")       // feed/<name> -> feedRecord
	tokenPrefix      = []byte("idx/token/")  // idx/token/<token> -> the feed's name
	settingPrefix    = []byte("setting/")    // setting/<name> -> the window's JSON

	// A bulk write's journal (bulk.go, journal.go): journal/<jid> -> "open"
	// or "done"; journal/<jid>/~<part> -> the posts one transaction wrote
	// and their records before (earlier versions: journal/<jid>/<post id>
	// -> the post's record before, or empty);
	// journalteam/<jid>/<key> -> what another key held before (importteam.go).
	journalPrefix     = []byte("journal/")
	teamJournalPrefix = []byte("journalteam/")
)

// never is the end of a series that does not end.
var never = time.Unix(math.MaxInt64>>1, 0)

func be(t time.Time) uint64 { return uint64(t.Unix()) ^ (1 << 63) }

func appendTime(b []byte, t time.Time) []byte { return binary.BigEndian.AppendUint64(b, be(t)) }

func readTime(b []byte) time.Time { return time.Unix(int64(binary.BigEndian.Uint64(b)^(1<<63)), 0) }

func key(prefix []byte, parts ...string) []byte {
	n := len(prefix)
	for _, p := range parts {
		n += len(p) + 1
	}
	k := make([]byte, 0, n)
	k = append(k, prefix...)
	for i, p := range parts {
		if i > 0 {
			k = append(k, 0)
		}
		k = append(k, p...)
	}
	return k
}

func postKey(id calendar.ID) []byte { return key(postPrefix, string(id)) }

func campaignKey(tag string) []byte       { return key(campaignPrefix, tag) }
func memberKey(id calendar.ID) []byte     { return key(memberPrefix, string(id)) }
func channelKey(name string) []byte       { return key(channelPrefix, name) }
func experimentKey(id calendar.ID) []byte { return key(experimentPrefix, string(id)) }
func routineKey(id calendar.ID) []byte    { return key(routinePrefix, string(id)) }
func feedKey(name string) []byte          { return key(feedPrefix, name) }
func tokenKey(token string) []byte        { return key(tokenPrefix, token) }
func settingKey(name string) []byte       { return key(settingPrefix, name) }
func journalKey(jid calendar.ID) []byte   { return key(journalPrefix, string(jid)) }
func teamJournalKey(jid calendar.ID, k []byte) []byte {
	return append(key(teamJournalPrefix, string(jid)+"/"), k...)
}

func startIndexKey(t time.Time, id calendar.ID) []byte {
	return append(appendTime(append([]byte(nil), startPrefix...), t), id...)
}

func spanIndexKey(end time.Time, id calendar.ID) []byte {
	return append(appendTime(append([]byte(nil), spanPrefix...), end), id...)
}

func tagIndexKey(tag string, id calendar.ID) []byte { return key(tagPrefix, tag, string(id)) }

func undatedIndexKey(id calendar.ID) []byte { return key(undatedPrefix, string(id)) }

func tombKey(id calendar.ID) []byte { return key(tombPrefix, string(id)) }

func tombTimeKey(t time.Time, id calendar.ID) []byte {
	return append(appendTime(append([]byte(nil), tombTimePrefix...), t), id...)
}

// keyIterator iterates the keys under prefix without fetching values ahead:
// index entries are empty or small, and records are read only when needed.
func keyIterator(txn *badger.Txn, prefix []byte) *badger.Iterator {
	opt := badger.DefaultIteratorOptions
	opt.PrefetchValues = false
	opt.Prefix = prefix
	return txn.NewIterator(opt)
}
