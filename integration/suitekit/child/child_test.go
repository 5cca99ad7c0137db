package child

import (
	"errors"
	"testing"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/integration/suitekit"
)

// What the child prints, the parent's parsers read back.
func TestListsRoundTrip(t *testing.T) {
	tps := []kafkawire.TopicPartition{{Topic: "t", Partition: 2}, {Topic: "t", Partition: 0}, {Topic: "t", Partition: 11}}
	if s := PartList(tps); s != "0,2,11" {
		t.Errorf("PartList = %q", s)
	}
	if got := suitekit.ParsePartList(PartList(tps)); len(got) != 3 || got[0] != 0 || got[1] != 2 || got[2] != 11 {
		t.Errorf("parsed back: %v", got)
	}
	offs := map[kafkawire.TopicPartition]kafkawire.Offset{tps[0]: {Offset: 7}, tps[1]: {Offset: 3}}
	if s := OffList(offs); s != "0:3,2:7" {
		t.Errorf("OffList = %q", s)
	}
	back := map[int32]int64{}
	suitekit.ParseOffList(OffList(offs), back)
	if len(back) != 2 || back[0] != 3 || back[2] != 7 {
		t.Errorf("parsed back: %v", back)
	}
}

func TestOneLine(t *testing.T) {
	if s := OneLine(errors.New("a\nb\nc")); s != "a b c" {
		t.Errorf("OneLine = %q", s)
	}
}
