package properties

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/internal/suggest"
)

// Client is a kind of Kafka client: the Java keys of each kind differ.
type Client uint8

const (
	Producer Client = 1 << iota
	Consumer
	Admin
)

func (c Client) String() string {
	var names []string
	for _, k := range []struct {
		c    Client
		name string
	}{{Producer, "producer"}, {Consumer, "consumer"}, {Admin, "admin client"}} {
		if c&k.c != 0 {
			names = append(names, k.name)
		}
	}
	return strings.Join(names, " and the ")
}

// Key maps one property to a field of a client's configuration C. A Key
// with Ignore set is accepted and has no effect (Ignore says why); every
// other Key has Set.
type Key[C any] struct {
	Name string
	// Field names the Config field the key sets; that field's comment
	// names the key (a test in each client package checks it).
	Field string
	// Secret keys' values never appear in errors.
	Secret bool
	Ignore string
	Set    func(c *C, value string) error
}

// Error is a property that cannot be applied: unknown, for another kind
// of client, not supported, or with a bad value. It prints on one line and
// never holds a secret's value.
type Error struct {
	Key string
	Msg string
}

func (e *Error) Error() string { return "properties: " + e.Key + ": " + e.Msg }

// Apply applies p to c for a client of kind client: each key is looked up
// in keys (the client's own), then in the connection keys every client
// shares; the connection is returned for the caller to copy into its
// Config. A key of another kind of client, a Java key kafkawire does not
// support (unless its value is empty), an unknown key (with a did-you-mean)
// and a bad value are each an *Error naming the key.
func Apply[C any](p Properties, client Client, keys []Key[C], c *C) (Connection, error) {
	own := make(map[string]*Key[C], len(keys))
	for i := range keys {
		own[keys[i].Name] = &keys[i]
	}
	var b connBuilder
	for _, name := range p.Keys() {
		v := p[name]
		var err error
		secret := false
		if k, ok := own[name]; ok {
			secret = k.Secret
			if k.Ignore == "" {
				err = k.Set(c, v)
			}
		} else if k, ok := connectionKeys[name]; ok {
			secret = k.Secret
			if k.Ignore == "" {
				err = k.Set(&b, v)
			}
		} else if reason, ok := ignored[name]; ok {
			_ = reason // documented in the table
		} else {
			err = notOurs(name, v, client, keys)
		}
		if err != nil {
			if e, ok := err.(*Error); ok {
				return Connection{}, e
			}
			if secret {
				return Connection{}, &Error{Key: name, Msg: err.Error()}
			}
			return Connection{}, &Error{Key: name, Msg: fmt.Sprintf("%q: %v", v, err)}
		}
	}
	return b.build()
}

// notOurs explains a key neither the client nor the connection maps.
func notOurs[C any](name, value string, client Client, keys []Key[C]) error {
	if owner, ok := javaKeys[name]; ok {
		if owner&client == 0 {
			return &Error{Key: name, Msg: fmt.Sprintf("belongs to the %v, not the %v", owner, client)}
		}
		if value == "" || value == javaDefaults[name] {
			return nil // what kafkawire does anyway
		}
		return &Error{Key: name, Msg: "is not supported by kafkawire (see the properties package's table)"}
	}
	candidates := slices.Collect(func(yield func(string) bool) {
		for _, k := range keys {
			if !yield(k.Name) {
				return
			}
		}
		for n := range connectionKeys {
			if !yield(n) {
				return
			}
		}
	})
	slices.Sort(candidates)
	return &Error{Key: name, Msg: "unknown key" + suggest.Hint(name, candidates)}
}

// For returns the keys of p that apply to a client of kind client: keys
// known to belong only to other kinds are left out. A tool reading one
// file for several clients uses it; ConfigFromProperties itself refuses
// such keys.
func (p Properties) For(client Client) Properties {
	out := make(Properties, len(p))
	for k, v := range p {
		if owner, ok := javaKeys[k]; ok && owner&client == 0 {
			continue
		}
		out[k] = v
	}
	return out
}

// Millis parses a whole number of milliseconds (Java's *.ms keys).
func Millis(v string) (time.Duration, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 || n > int64(time.Duration(1<<62)/time.Millisecond) {
		return 0, fmt.Errorf("want a whole number of milliseconds")
	}
	return time.Duration(n) * time.Millisecond, nil
}

// Int parses a non-negative integer (sizes, counts).
func Int(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("want a non-negative whole number")
	}
	return n, nil
}

// Bool parses true or false, in any case, as Java does.
func Bool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("want true or false")
}

// List splits a comma-separated list, dropping blanks around items and
// empty items.
func List(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// KeyDoc documents one connection key, for client packages' tests and docs.
type KeyDoc struct{ Name, Field, Ignore string }

// ConnectionKeys lists the keys every client shares, sorted by name.
func ConnectionKeys() []KeyDoc {
	out := make([]KeyDoc, 0, len(connectionKeys))
	for _, k := range connectionKeys {
		out = append(out, KeyDoc{k.Name, k.Field, k.Ignore})
	}
	slices.SortFunc(out, func(a, b KeyDoc) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// BelongsTo reports which kinds of client Java defines name for, 0 when
// it is not a Java client key this package knows.
func BelongsTo(name string) Client { return javaKeys[name] }

// Docs lists a client table's keys, for tests and docs.
func Docs[C any](keys []Key[C]) []KeyDoc {
	out := make([]KeyDoc, len(keys))
	for i, k := range keys {
		out[i] = KeyDoc{k.Name, k.Field, k.Ignore}
	}
	return out
}

// MillisKey is a Key setting a duration from whole milliseconds.
func MillisKey[C any](name, field string, dst func(*C) *time.Duration) Key[C] {
	return Key[C]{Name: name, Field: field, Set: func(c *C, v string) (err error) {
		*dst(c), err = Millis(v)
		return err
	}}
}

// IntKey is a Key setting a non-negative integer.
func IntKey[C any](name, field string, dst func(*C) *int) Key[C] {
	return Key[C]{Name: name, Field: field, Set: func(c *C, v string) (err error) {
		*dst(c), err = Int(v)
		return err
	}}
}

// StringKey is a Key setting a string as given.
func StringKey[C any](name, field string, dst func(*C) *string) Key[C] {
	return Key[C]{Name: name, Field: field, Set: func(c *C, v string) error {
		*dst(c) = v
		return nil
	}}
}
