package calendar_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
)

type oracleCase struct {
	Zone    string   `json:"zone"`
	Start   string   `json:"start"`
	Rule    string   `json:"rule"`
	ExDates []string `json:"exdates"` // wall clocks in Zone
	From    string   `json:"from"`
	To      string   `json:"to"`
}

// oracleRules are rule forms a team uses, plus generated combinations; each
// is expanded from several starts chosen to sit on or near DST changes.
var oracleRules = []string{
	"FREQ=DAILY",
	"FREQ=DAILY;INTERVAL=3",
	"FREQ=DAILY;BYHOUR=2,9;BYMINUTE=30",
	"FREQ=WEEKLY",
	"FREQ=WEEKLY;BYDAY=MO",
	"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
	"FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=40",
	"FREQ=WEEKLY;BYDAY=SA,SU;UNTIL=20270601T000000Z",
	"FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=SU,MO",
	"FREQ=MONTHLY;BYDAY=1MO",
	"FREQ=MONTHLY;BYDAY=-1FR",
	"FREQ=MONTHLY;BYDAY=2TU,4TU",
	"FREQ=MONTHLY;BYMONTHDAY=1,15",
	"FREQ=MONTHLY;BYMONTHDAY=-1",
	"FREQ=MONTHLY;BYMONTHDAY=31",
	"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
	"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,3",
	"FREQ=MONTHLY;INTERVAL=3;BYDAY=1WE;COUNT=6",
	"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
	"FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU",
	"FREQ=YEARLY;BYWEEKNO=1,27;BYDAY=MO",
	"FREQ=YEARLY;BYYEARDAY=1,100,-1",
}

func TestExpansionMatchesDateutil(t *testing.T) {
	python, err := exec.LookPath("/usr/bin/python3")
	if err != nil {
		t.Fatal("the oracle needs Debian's python3 with python3-dateutil; `make test` installs it")
	}
	// UTC: a series that starts in UTC recurs at the same UTC time across
	// every DST change (RFC 5545 3.3.5); such series come from calendars
	// that write DTSTART with a Z.
	zones := []string{"Europe/Copenhagen", "Europe/Stockholm", "America/New_York", "UTC"}
	starts := []time.Time{
		calendar.Wall(2026, 1, 5, 9, 0, 0),
		calendar.Wall(2026, 3, 8, 2, 30, 0),   // New York's gap day
		calendar.Wall(2026, 3, 29, 2, 30, 0),  // Europe's gap day
		calendar.Wall(2026, 10, 25, 2, 30, 0), // Europe's overlap
		calendar.Wall(2026, 11, 1, 1, 30, 0),  // New York's overlap
		calendar.Wall(2027, 2, 28, 23, 45, 0),
	}
	rules := append([]string(nil), oracleRules...)
	rng := rand.New(rand.NewPCG(7, 11))
	days := []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
	for range 40 { // generated weekly and monthly combinations
		n := 1 + rng.IntN(3)
		byday := days[rng.IntN(7)]
		for range n - 1 {
			byday += "," + days[rng.IntN(7)]
		}
		if rng.IntN(2) == 0 {
			rules = append(rules, fmt.Sprintf("FREQ=WEEKLY;INTERVAL=%d;BYDAY=%s", 1+rng.IntN(3), byday))
		} else {
			rules = append(rules, fmt.Sprintf("FREQ=MONTHLY;BYDAY=%s;BYSETPOS=%d;COUNT=%d", byday, []int{1, 2, -1}[rng.IntN(3)], 5+rng.IntN(20)))
		}
	}

	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
	var cases []oracleCase
	var ours [][]string
	for _, zone := range zones {
		for _, start := range starts {
			for _, rule := range rules {
				p := series(zone, start, rule)
				// Every series also leaves out two dates: a week and a
				// month after its start, whether the rule gives them or not.
				exdates := []time.Time{start.AddDate(0, 0, 7), start.AddDate(0, 1, 0)}
				p.Recurrence.ExDates = exdates
				occs, err := calendar.Expand(p, from, to)
				if err != nil {
					t.Fatalf("%s from %s in %s: %v", rule, start, zone, err)
				}
				got := []string{}
				for _, o := range occs {
					got = append(got, o.Start.UTC().Format(time.RFC3339))
				}
				ours = append(ours, got)
				cases = append(cases, oracleCase{Zone: zone, Start: start.Format("2006-01-02T15:04:05"), Rule: rule,
					ExDates: []string{exdates[0].Format("2006-01-02T15:04:05"), exdates[1].Format("2006-01-02T15:04:05")},
					From:    from.Format(time.RFC3339), To: to.Format(time.RFC3339)})
			}
		}
	}
	in, _ := json.Marshal(cases)
	cmd := exec.Command(python, "testdata/dateutil_oracle.py")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dateutil oracle failed: %v\n%s", err, stderr.String())
	}
	var theirs [][]string
	if err := json.Unmarshal(out, &theirs); err != nil {
		t.Fatal(err)
	}
	total := 0
	for i := range cases {
		total += len(theirs[i])
		if diff := cmp.Diff(theirs[i], ours[i]); diff != "" {
			t.Errorf("%s from %s in %s (-dateutil +ours):\n%s", cases[i].Rule, cases[i].Start, cases[i].Zone, diff)
		}
	}
	t.Logf("%d rules x starts x zones, %d occurrences compared with dateutil", len(cases), total)
	if total < 10000 {
		t.Errorf("only %d occurrences compared; the oracle is not exercising much", total)
	}
}
