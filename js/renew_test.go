package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The endpoint's renew (data-endpoint, the contract's Server): after a
// change, the shim asks the endpoint of package favorites, served by the
// test site under /favorites/, to set the list's cookies again.

// maxAge is the list's default Max-Age.
const maxAge = 365 * 24 * time.Hour

// A renewRequest is one request to an endpoint's renew, as Chromium's
// network stack saw it.
type renewRequest struct {
	URL       string
	Cookie    string // the Cookie header it carried
	Status    int64  // 0 until answered
	SetCookie string // the answer's Set-Cookie headers, one a line
	Canceled  bool   // the page aborted it
	Failed    bool   // it ended without an answer
}

// renews records the renew requests of a tab, from the DevTools network
// events.
type renews struct {
	mu   sync.Mutex
	byID map[network.RequestID]*renewRequest
	ids  []network.RequestID
}

func watchRenews(t *testing.T, ctx context.Context) *renews {
	t.Helper()
	rs := &renews{byID: map[network.RequestID]*renewRequest{}}
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		rs.mu.Lock()
		defer rs.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if strings.HasSuffix(ev.Request.URL, "/renew") {
				rs.get(ev.RequestID).URL = ev.Request.URL
			}
		case *network.EventRequestWillBeSentExtraInfo:
			// It may come before the request's own event.
			rs.get(ev.RequestID).Cookie = header(ev.Headers, "Cookie")
		case *network.EventResponseReceivedExtraInfo:
			rs.get(ev.RequestID).Status = ev.StatusCode
			rs.get(ev.RequestID).SetCookie = header(ev.Headers, "Set-Cookie")
		case *network.EventLoadingFailed:
			if r := rs.byID[ev.RequestID]; r != nil {
				r.Failed, r.Canceled = true, ev.Canceled
			}
		}
	}))
	return rs
}

// get returns the record of id, made on first use. Extra-info events of
// requests that are not renews make records without a URL, which list
// leaves out.
func (rs *renews) get(id network.RequestID) *renewRequest {
	r := rs.byID[id]
	if r == nil {
		r = &renewRequest{}
		rs.byID[id] = r
		rs.ids = append(rs.ids, id)
	}
	return r
}

// list returns copies of the renew requests so far, in the order sent.
func (rs *renews) list() []renewRequest {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	var out []renewRequest
	for _, id := range rs.ids {
		if r := rs.byID[id]; r.URL != "" {
			out = append(out, *r)
		}
	}
	return out
}

// wait waits until some renew request satisfies ok, and returns it.
func (rs *renews) wait(t *testing.T, what string, ok func(renewRequest) bool) renewRequest {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, r := range rs.list() {
			if ok(r) {
				return r
			}
		}
		if time.Now().After(deadline) {
			require.FailNowf(t, "timed out", "waiting for a renew request that %s; have %+v", what, rs.list())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func header(h network.Headers, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			s, _ := v.(string)
			return s
		}
	}
	return ""
}

// endpointPage is the test page with data-endpoint set to path.
func endpointPage(name, path string) string {
	return "/t/" + name + "?attrs=" + queryEscape(`data-endpoint="`+path+`"`)
}

// listCookie returns the list's cookie "favorites" as the browser holds it.
func listCookie(t *testing.T, ctx context.Context) *network.Cookie {
	t.Helper()
	c := cookieNamed(t, ctx, "favorites")
	require.NotNil(t, c, "the list's cookie")
	return c
}

// requireFullMaxAge checks that c expires a whole Max-Age from now.
func requireFullMaxAge(t *testing.T, c *network.Cookie) {
	t.Helper()
	left := time.Until(time.Unix(int64(c.Expires), 0))
	assert.InDelta(t, maxAge.Hours(), left.Hours(), 1, "the cookie's life, in hours")
}

func TestRenewAfterAdd(t *testing.T) {
	ctx := newContext(t)
	rs := watchRenews(t, ctx)
	open(t, ctx, endpointPage("renew", "/favorites"))
	eval[any](t, ctx, `Favorites.add({id: "a1", title: "One", url: "/news/a1"}).then(() => null)`)

	c := listCookie(t, ctx)
	requireFullMaxAge(t, c)
	// The renew carried the list as add wrote it, and the endpoint set it
	// again: the cookie is now a server-set one.
	r := rs.wait(t, "was answered", func(r renewRequest) bool { return r.Status != 0 })
	assert.Equal(t, server.URL+"/favorites/renew", r.URL)
	assert.Equal(t, int64(http.StatusNoContent), r.Status)
	assert.Contains(t, r.Cookie, "favorites="+c.Value)
	assert.Contains(t, r.SetCookie, "favorites="+c.Value+";")
	assert.Contains(t, r.SetCookie, fmt.Sprintf("Max-Age=%d", int(maxAge.Seconds())))
	assert.Len(t, rs.list(), 1, "one change, one renew")

	// A change that changes nothing asks for no renew, nor one that leaves
	// no list; each other change asks for one.
	eval[any](t, ctx, `Favorites.add({id: "a1"}).then(() => Favorites.remove("nothing")).then(() => null)`)
	eval[any](t, ctx, `Favorites.toggle({id: "a2"}).then(() => Favorites.remove("a1")).then(() => Favorites.clear()).then(() => null)`)
	eval[any](t, ctx, `Favorites.add({id: "a3"}).then(() => Favorites.remove("a3")).then(() => null)`)
	rs.wait(t, "made the fourth", func(renewRequest) bool { return len(rs.list()) >= 4 })
	assert.Len(t, rs.list(), 4)
	assert.Nil(t, cookieNamed(t, ctx, "favorites"), "clear leaves no cookie")
}

func TestRenewWithoutEndpoint(t *testing.T) {
	ctx := newContext(t)
	rs := watchRenews(t, ctx)
	open(t, ctx, "/t/no-endpoint")
	eval[any](t, ctx, `Favorites.add({id: "a1"}).then(() => null)`)
	// A renew would have been sent within the add, under its lock: none was.
	// The page's own request below is seen, so the watch works.
	eval[any](t, ctx, `fetch("/nothing/renew").then(() => null)`)
	rs.wait(t, "the page made", func(r renewRequest) bool { return r.Status != 0 })
	assert.Len(t, rs.list(), 1)
	assert.Equal(t, server.URL+"/nothing/renew", rs.list()[0].URL)
}

func TestRenewEndpointFails(t *testing.T) {
	ctx := newContext(t)
	rs := watchRenews(t, ctx)
	open(t, ctx, endpointPage("renew-500", "/failing"))
	got := eval[[]Item](t, ctx, `Favorites.add({id: "a1", title: "One", url: "/news/a1"})`)
	assert.Equal(t, []string{"a1"}, ids(got))
	rs.wait(t, "was answered 500", func(r renewRequest) bool { return r.Status == http.StatusInternalServerError })
	assert.Equal(t, []string{"a1"}, ids(list(t, ctx)))
	reload(t, ctx)
	assert.Equal(t, []string{"a1"}, ids(list(t, ctx)))
	assert.Equal(t, "1", text(t, ctx, "#count"))
}

// An endpoint that never answers: the change resolves once the renew is
// given up, and the renew's late answer, the list before the other tab's
// change, never lands.
func TestRenewEndpointHangs(t *testing.T) {
	ctx := newContext(t)
	rs := watchRenews(t, ctx)
	g := heldRenew(t)
	open(t, ctx, endpointPage("renew-hangs", g.url))
	start := time.Now()
	got := eval[[]Item](t, ctx, `Favorites.add({id: "x"})`)
	assert.Equal(t, []string{"x"}, ids(got))
	t.Logf("add with an endpoint that does not answer resolved after %v", time.Since(start))
	g.waitRequested(t)
	rs.wait(t, "was aborted", func(r renewRequest) bool { return r.Canceled })

	// Another tab, without the endpoint, changes the list; then the held
	// request is answered, with the cookies it carried: only x.
	other := newTab(t, ctx)
	open(t, other, "/t/other")
	eval[any](t, other, `Favorites.add({id: "y"}).then(() => null)`)
	g.release()
	g.waitAnswered(t)
	assert.True(t, g.Gone(), "the page had ended the held renew by the time it was answered")
	reload(t, ctx)
	assert.Equal(t, []string{"x", "y"}, ids(list(t, ctx)))
}

func TestRenewTwoTabsTogether(t *testing.T) {
	ctx := newContext(t)
	page := endpointPage("renew-tabs", "/favorites")
	open(t, ctx, page)
	other := newTab(t, ctx)
	open(t, other, page)
	add := func(prefix string) string {
		return fmt.Sprintf(`await Promise.all(Array.from({length: 10}, (_, i) => Favorites.add({id: "%s" + i})))`, prefix)
	}
	together(t, []context.Context{ctx, other}, []string{add("a"), add("b")})
	reload(t, ctx)
	got := ids(list(t, ctx))
	assert.Len(t, got, 20, "%v", got)
	requireFullMaxAge(t, listCookie(t, ctx))
}

// While one tab's renew is in flight, another tab's change waits for it:
// the renew's answer, this tab's list, lands before the other tab writes.
func TestRenewHoldsTheLock(t *testing.T) {
	ctx := newContext(t)
	g := heldRenew(t)
	open(t, ctx, endpointPage("renew-held", g.url))
	other := newTab(t, ctx)
	open(t, other, endpointPage("renew-other", "/favorites"))

	eval[any](t, ctx, `window.__add = Favorites.add({id: "x"}), null`)
	g.waitRequested(t)
	eval[any](t, other, `window.__add = Favorites.add({id: "y"}), window.__added = false, __add.then(() => __added = true), null`)
	// The other tab's change waits for the lock (or, were the renew outside
	// it, has already been made).
	waitFor(t, other, `__added || navigator.locks.query().then(s => s.pending.length > 0)`, 10*time.Second)
	g.release()
	eval[any](t, ctx, `__add.then(() => null)`)
	eval[any](t, other, `__add.then(() => null)`)
	reload(t, ctx)
	assert.Equal(t, []string{"x", "y"}, ids(list(t, ctx)))
	requireFullMaxAge(t, listCookie(t, ctx))
}

// Where the page may not hold Web Locks, the change runs unlocked, and its
// renew after it.
func TestRenewWithoutLocks(t *testing.T) {
	ctx := newContext(t)
	rs := watchRenews(t, ctx)
	open(t, ctx, endpointPage("renew-nolocks", "/favorites"))
	eval[any](t, ctx, `Object.defineProperty(navigator, "locks", {value: {request: () =>
		Promise.reject(new DOMException("no locks here", "SecurityError"))}}), null`)
	eval[any](t, ctx, `Favorites.add({id: "a1"}).then(() => null)`)
	c := listCookie(t, ctx)
	r := rs.wait(t, "was answered", func(r renewRequest) bool { return r.Status != 0 })
	assert.Equal(t, int64(http.StatusNoContent), r.Status)
	assert.Contains(t, r.SetCookie, "favorites="+c.Value+";")
}

func TestEndpointConfigure(t *testing.T) {
	ctx := newContext(t)
	rs := watchRenews(t, ctx)
	open(t, ctx, "/t/configure-endpoint")
	assert.Equal(t, "invalid-item", rejection(t, ctx, `Favorites.configure({endpoint: 5})`))
	eval[any](t, ctx, `Favorites.configure({endpoint: "/favorites/"}).then(() => Favorites.add({id: "a1"})).then(() => null)`)
	r := rs.wait(t, "was answered", func(r renewRequest) bool { return r.Status != 0 })
	assert.Equal(t, server.URL+"/favorites/renew", r.URL)
	eval[any](t, ctx, `Favorites.configure({endpoint: null}).then(() => Favorites.add({id: "a2"})).then(() => null)`)
	assert.Len(t, rs.list(), 1, "no renew once the endpoint is gone")
}

// heldRenew returns an endpoint, at g.url, whose renew answers only once
// g.release is called (at the latest when the test ends).
func heldRenew(t *testing.T) *gate {
	t.Helper()
	token := fmt.Sprintf("%s-%d", strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()), time.Now().UnixNano())
	g := &gate{url: "/held/" + token, Gate: gates.Hold(token)}
	t.Cleanup(g.release)
	return g
}

// waitAnswered waits until the endpoint has answered the held renew (or
// tried to, when the page had gone).
func (g *gate) waitAnswered(t *testing.T) {
	t.Helper()
	select {
	case <-g.Answered():
	case <-time.After(10 * time.Second):
		require.FailNow(t, "no answer", "the endpoint did not answer %s", g.url)
	}
}
