package suitekit

import (
	"slices"
	"strconv"
	"strings"
)

// The parsers of what child processes print (the formats of
// suitekit/child's PartList and OffList); a malformed item is skipped, as a
// reader of a killed process's output must.

// ParsePartList parses "0,1,2" into sorted partition numbers.
func ParsePartList(s string) []int32 {
	var out []int32
	for _, f := range strings.Split(s, ",") {
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err == nil {
			out = append(out, int32(n))
		}
	}
	slices.Sort(out)
	return out
}

// ParseOffList stores each "P:O" of the comma-separated s into offs[P].
func ParseOffList(s string, offs map[int32]int64) {
	for _, f := range strings.Split(s, ",") {
		ps, os, ok := strings.Cut(f, ":")
		if !ok {
			continue
		}
		p, err1 := strconv.ParseInt(ps, 10, 32)
		o, err2 := strconv.ParseInt(os, 10, 64)
		if err1 == nil && err2 == nil {
			offs[int32(p)] = o
		}
	}
}
