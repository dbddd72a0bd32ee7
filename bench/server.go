package main

// The server package's Read and Write of a 50-item list beside net/http's
// own parse of the same Cookie header and http.SetCookie of the same
// cookies (issue 12): the root package's benchmarks (bench_test.go), run
// in alternated rounds of all four, as CPU time per call.

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// The benchmarks, in table order, and what each measures.
var serverBenchmarks = []struct{ name, what string }{
	{"BenchmarkRead", "`Read`, 50 items"},
	{"BenchmarkCookieHeader", "`r.Cookies()`, the same header (net/http)"},
	{"BenchmarkWrite", "`Write`, 50 items, over the request's list"},
	{"BenchmarkSetCookie", "`http.SetCookie`, the same cookies (net/http)"},
}

// targetRead is issue 12's goal: Read at most 2× net/http's parse of the
// same header.
const targetRead = 2.0

// A serverFigure is one benchmark's result in one round.
type serverFigure struct {
	CPUNs, Bytes, Allocs float64
}

// serverBench builds the root package's test binary and runs its four
// benchmarks rounds times, all four in each round, each for benchtime
// (a go test -benchtime value). It returns each benchmark's figures, one
// per round.
func serverBench(rounds int, benchtime string) (map[string][]serverFigure, error) {
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	bin := "bench/out/favorites.test"
	if err := os.MkdirAll("bench/out", 0o755); err != nil {
		return nil, err
	}
	build := exec.Command(goCmd, "test", "-c", "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("building the root package's benchmarks: %w", err)
	}
	var names []string
	for _, b := range serverBenchmarks {
		names = append(names, b.name)
	}
	out := map[string][]serverFigure{}
	for range rounds {
		cmd := exec.Command("./"+bin, "-test.run=^$", "-test.bench=^("+strings.Join(names, "|")+")$",
			"-test.benchmem", "-test.benchtime="+benchtime, "-test.count=1")
		cmd.Stderr = os.Stderr
		res, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("running the root package's benchmarks: %w", err)
		}
		got, err := parseBench(res)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			f, ok := got[name]
			if !ok {
				return nil, fmt.Errorf("%s: no result in\n%s", name, res)
			}
			out[name] = append(out[name], f)
		}
	}
	return out, nil
}

// parseBench reads go test -bench output: the lines "BenchmarkX-N  iters
// value unit value unit …", keyed by the name without its -N.
func parseBench(b []byte) (map[string]serverFigure, error) {
	out := map[string]serverFigure{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i]
		}
		var fig serverFigure
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%q: %w", sc.Text(), err)
			}
			switch f[i+1] {
			case "cpu-ns/op":
				fig.CPUNs = v
			case "B/op":
				fig.Bytes = v
			case "allocs/op":
				fig.Allocs = v
			}
		}
		if fig.CPUNs == 0 {
			return nil, fmt.Errorf("%q: no cpu-ns/op", sc.Text())
		}
		out[name] = fig
	}
	return out, sc.Err()
}

// serverReport writes the table of the server package's figures.
func serverReport(r *report, figs map[string][]serverFigure, benchtime string) {
	rounds := len(figs["BenchmarkRead"])
	r.printf("\n## The server package: Read and Write beside net/http\n\n"+
		"The root package's benchmarks (bench_test.go), a request carrying 50 typical items in the list's cookies beside two other cookies; "+
		"%d rounds of all four, alternated, each for -benchtime %s. The figure is cpu-ns/op, the process's CPU time per call (user and system, the collector's included), "+
		"which a shared machine moves less than wall time; ratios are the median of the per-round ratios.\n\n", rounds, benchtime)
	r.printf("| benchmark | µs per call (median) | fastest | allocations (bytes) |\n|---|---:|---:|---:|\n")
	cpu := map[string][]float64{}
	for _, b := range serverBenchmarks {
		for _, f := range figs[b.name] {
			cpu[b.name] = append(cpu[b.name], f.CPUNs/1000)
		}
		last := figs[b.name][len(figs[b.name])-1]
		r.printf("| %s | %.1f | %.1f | %.0f (%.0f B) |\n", b.what, median(cpu[b.name]), minOf(cpu[b.name]), last.Allocs, last.Bytes)
	}
	read := median(ratios(cpu["BenchmarkRead"], cpu["BenchmarkCookieHeader"]))
	write := median(ratios(cpu["BenchmarkWrite"], cpu["BenchmarkSetCookie"]))
	r.printf("\n| measure | ratio | target | |\n|---|---:|---|---|\n")
	r.printf("| `Read` / net/http's parse of the same header | %.2f | ≤ %.0f | %s |\n", read, targetRead, r.verdict(read <= targetRead))
	r.printf("| `Write` / `http.SetCookie` of the same cookies | %.2f | — | |\n", write)
}

func minOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs[1:] {
		m = min(m, x)
	}
	return m
}
