package kafkawire

import (
	"errors"
	"strings"
	"testing"
)

// The table is Kafka 4.4.0's: the codes added after 4.1.1 have names, and
// every code from -1 to the newest is named, none twice.
func TestErrorTable(t *testing.T) {
	for code, want := range map[int16]string{
		134: "GROUP_DELETION_FAILED",
		135: "STREAMS_TOPOLOGY_DESCRIPTION_UPDATE_FAILED",
		136: "CONTROLLER_ID_NOT_REGISTERED",
		6:   "NOT_LEADER_OR_FOLLOWER",
	} {
		var e *Error
		if !errors.As(ErrorForCode(code), &e) || e.Name != want || e.Code != code {
			t.Errorf("ErrorForCode(%d) = %v, want %s", code, ErrorForCode(code), want)
		}
	}
	if ErrorForCode(0) != nil {
		t.Error("code 0 is not an error")
	}
	names := map[string]int16{}
	maxCode := int16(0)
	for code, e := range errorsByCode {
		if e.Code != code {
			t.Errorf("errorsByCode[%d] has code %d", code, e.Code)
		}
		if other, dup := names[e.Name]; dup {
			t.Errorf("%s is codes %d and %d", e.Name, other, code)
		}
		names[e.Name] = code
		maxCode = max(maxCode, code)
	}
	for code := int16(-1); code <= maxCode; code++ {
		if code == 0 {
			continue
		}
		if _, ok := errorsByCode[code]; !ok {
			t.Errorf("code %d (of -1..%d) has no name", code, maxCode)
		}
	}
	if got := ErrorForCode(maxCode + 1).Error(); !strings.Contains(got, "UNKNOWN_CODE_") {
		t.Errorf("an unknown code: %q", got)
	}
	if !errors.Is(ErrorWithMessage(134, new(string)), ErrGroupDeletionFailed) {
		t.Error("ErrorWithMessage(134) does not match ErrGroupDeletionFailed")
	}
}
