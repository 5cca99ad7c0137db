// Package suggest finds the closest known name to a misspelt one, for
// "did you mean" hints in error messages.
package suggest

// Closest returns the candidate nearest to name by edit distance, or ""
// when none is close enough to be a plausible typo (more than a third of
// the name's length away, or more than 3 edits).
func Closest(name string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := distance(name, c)
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := min(3, max(1, len(name)/3))
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// Hint is Closest formatted for the end of an error message:
// ` (did you mean "x"?)`, or "" when nothing is close.
func Hint(name string, candidates []string) string {
	if c := Closest(name, candidates); c != "" {
		return ` (did you mean "` + c + `"?)`
	}
	return ""
}

// distance is the edit distance between a and b (insertions, deletions,
// substitutions and swaps of neighbours, the commonest typo), over bytes:
// names here are ASCII.
func distance(a, b string) int {
	rows := make([][]int, len(a)+1)
	for i := range rows {
		rows[i] = make([]int, len(b)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, rows[i-2][j-2]+1)
			}
			rows[i][j] = d
		}
	}
	return rows[len(a)][len(b)]
}
