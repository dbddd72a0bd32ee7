// Package chromium starts the headless Chromium that a test binary, or
// make bench, drives through chromedp: one browser per process, with the
// same flags everywhere, so that a suite's results do not depend on which
// suite started the browser.
package chromium

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"

	"github.com/chromedp/chromedp"
)

// Start starts Chromium with the common flags and extra, and returns the
// context of its first tab and a function that stops the browser. The
// browser has started when Start returns without an error.
func Start(extra ...chromedp.ExecAllocatorOption) (context.Context, func(), error) {
	path, err := find()
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.Flag("disable-gpu", true),
		// The machines that run the tests reach no network beyond the test
		// servers: nothing the browser fetches for itself may wait on one.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 900),
	)
	opts = append(opts, extra...)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		return nil, nil, fmt.Errorf("starting Chromium: %w", err)
	}
	return ctx, func() { cancel(); cancelAlloc() }, nil
}

func find() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found: install the Debian package chromium (make test does, as root)")
}

// evalWait bounds how long Eval waits for an expression's promise: a test
// that waits on a page fails with a message rather than hanging.
const evalWait = 20 * time.Second

// Eval evaluates expr in the page of ctx, awaiting it when it is a
// promise, and returns its value.
func Eval[T any](ctx context.Context, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, evalWait)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}
