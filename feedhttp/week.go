package feedhttp

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"postplan/calendar"
	"postplan/calendar/weekreport"
)

// serveWeek answers /week/<token>[?week=2026-W48][&lang=da]: the week at a
// glance for what the feed shows, as a page that runs no script. The token
// is the feed's, so a campaign's feed shows that campaign's week and
// nothing else; a revoked feed's page is gone with it.
func (s *Server) serveWeek(w http.ResponseWriter, r *http.Request, token string) {
	if token == "" || strings.Contains(token, "/") {
		notFound(w)
		return
	}
	feed, err := s.store.FeedByToken(r.Context(), token)
	if calendar.ErrorCode(err) == calendar.ENOTFOUND {
		notFound(w)
		return
	} else if err != nil {
		s.internal(w, "week page", err)
		return
	}
	week := calendar.WeekOf(s.Now().In(s.zone))
	if q := r.URL.Query().Get("week"); q != "" {
		if week, err = calendar.ParseWeek(q); err != nil {
			http.Error(w, calendar.ErrorMessage(err), http.StatusBadRequest)
			return
		}
	}
	lang := weekreport.FromAcceptLanguage(r.Header.Get("Accept-Language"))
	if q := r.URL.Query().Get("lang"); slices.Contains(weekreport.Languages, q) {
		lang = q
	}
	sum, err := calendar.LoadWeek(r.Context(), s.store, week, s.zone, feed.Filter, s.Now())
	if err != nil {
		s.internal(w, "week page", err)
		return
	}
	link := func(other calendar.Week) string {
		v := url.Values{"week": {other.String()}}
		if q := r.URL.Query().Get("lang"); slices.Contains(weekreport.Languages, q) {
			v.Set("lang", q)
		}
		return "?" + v.Encode()
	}
	var buf bytes.Buffer
	if err := weekreport.HTML(&buf, sum, lang, s.Now(), link); err != nil {
		s.internal(w, "week page", err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	// The page's address holds the feed's secret: it must not leak to
	// other sites, run script or be framed.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	h.Set("Content-Language", lang)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(buf.Bytes())
}

// internal logs what went wrong and tells the client no more than that
// something did.
func (s *Server) internal(w http.ResponseWriter, op string, err error) {
	s.log.Error(op, "err", err)
	http.Error(w, "Internal error.", http.StatusInternalServerError)
}
