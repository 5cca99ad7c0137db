package suggest

import "testing"

func TestClosest(t *testing.T) {
	names := []string{"linger.ms", "batch.size", "bootstrap.servers", "acks"}
	for _, tc := range []struct{ in, want string }{
		{"linger.msx", "linger.ms"},
		{"bootstrap.server", "bootstrap.servers"},
		{"batch_size", "batch.size"},
		{"ack", "acks"},
		{"zzzzzzzz", ""},
		{"", ""},
	} {
		if got := Closest(tc.in, names); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Hint("acsk", names); got != ` (did you mean "acks"?)` {
		t.Errorf("Hint = %q", got)
	}
	if got := Closest("x", nil); got != "" {
		t.Errorf("Closest with no candidates = %q", got)
	}
}
