//go:build !unix

package loadgen

func processCPU() float64 { return -1 }
