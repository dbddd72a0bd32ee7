package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// sampleLoads are 61 made-up load times with a spread like a small machine's.
func sampleLoads(scale float64) []float64 {
	xs := make([]float64, 61)
	for i := range xs {
		xs[i] = scale * (150 + float64((i*37)%61)*2) // 150…270, shuffled
	}
	return xs
}

func TestMedianRatio(t *testing.T) {
	ratio, lo, hi := medianRatio(sampleLoads(1), sampleLoads(1.1))
	assert.InDelta(t, 1.1, ratio, 1e-9)
	assert.Less(t, lo, 1.1)
	assert.Greater(t, hi, 1.1)
	assert.Greater(t, lo, 0.9, "61 loads each narrow the interval")
	assert.Less(t, hi, 1.3)
}

func TestMedianShift(t *testing.T) {
	shift, lo, hi := medianShift(sampleLoads(1), sampleLoads(1))
	assert.Zero(t, shift)
	assert.Less(t, lo, 0.0)
	assert.Greater(t, hi, 0.0)
	// The same seed each call: a report can be rerun.
	_, lo2, hi2 := medianShift(sampleLoads(1), sampleLoads(1))
	assert.Equal(t, [2]float64{lo, hi}, [2]float64{lo2, hi2})
}
