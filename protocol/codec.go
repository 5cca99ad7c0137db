package protocol

// codec runs one field list in either direction, so that a message's
// schema is written once: each struct has a fields(c *codec) method naming
// its fields in wire order, and AppendTo and Decode both run it (through
// encode and decode). Encoding, c appends each field's value to its Writer;
// decoding (r set), it reads each field into the same variable. Only the
// few places where the directions really differ (defaults of fields absent
// at a version) test c.decoding().
//
// Fields are passed by pointer so one call serves both directions. The hot
// paths (Produce request encoding, Fetch response decoding) stay written per
// direction: the branch per field costs them measurably.
type codec struct {
	w       Writer
	r       *Reader // non-nil when decoding
	version int16
	tags    tagPass // the tagged-field section being run (Tags)
}

// tagPass is where Tags is in running a section's field list.
type tagPass struct {
	counting bool   // encoding, first pass: count the fields that are set
	n        uint32 // the count
	tag      uint32 // decoding: the tag of the field being read
}

// AppendTo and Decode of a message are
//
//	return encode(m, encoder(dst, KeyX, version))
//	decode(m, decoder(r, KeyX, version))
//
// in that shape so that encode and decode are small enough to inline: the
// compiler then knows m's type, calls its fields method directly and keeps
// the codec on the stack (called through the interface, fields would move
// it to the heap: one allocation per message). TestCodecAllocatesNothing
// guards this.

// fielder is a struct with a field list.
type fielder interface{ fields(c *codec) }

// encoder starts encoding at version of the API with key, appending to dst.
func encoder(dst []byte, key, version int16) codec {
	return codec{w: NewWriter(dst, key, version), version: version}
}

// decoder starts decoding r at version of the API with key.
func decoder(r *Reader, key, version int16) codec {
	r.UseVersion(key, version)
	return codec{r: r, version: version}
}

// encode runs m's field list as an encoder and returns the encoded bytes.
func encode(m fielder, c codec) []byte {
	m.fields(&c)
	return c.w.B
}

// decode runs m's field list as a decoder; errors are latched in the Reader.
func decode(m fielder, c codec) { m.fields(&c) }

func (c *codec) decoding() bool { return c.r != nil }

// field is one field: decoding, read sets *v from c's Reader; encoding,
// write appends *v to c's Writer. The codec's methods below are each one
// field of one type.
func field[T any](c *codec, v *T, read func(*Reader) T, write func(*Writer, T)) {
	if c.r != nil {
		*v = read(c.r)
	} else {
		write(&c.w, *v)
	}
}

func (c *codec) Int8(v *int8) { field(c, v, (*Reader).Int8, (*Writer).Int8) }

func (c *codec) Bool(v *bool) { field(c, v, (*Reader).Bool, (*Writer).Bool) }

func (c *codec) Int16(v *int16) { field(c, v, (*Reader).Int16, (*Writer).Int16) }

func (c *codec) Int32(v *int32) { field(c, v, (*Reader).Int32, (*Writer).Int32) }

func (c *codec) Int64(v *int64) { field(c, v, (*Reader).Int64, (*Writer).Int64) }

func (c *codec) UUID(v *UUID) { field(c, v, (*Reader).UUID, (*Writer).UUID) }

func (c *codec) String(v *string) { field(c, v, (*Reader).String, (*Writer).String) }

func (c *codec) NullableString(v **string) {
	field(c, v, (*Reader).NullableString, (*Writer).NullableString)
}

// StringPtr is a string nullable at some versions only (Writer.StringPtr).
func (c *codec) StringPtr(v **string, nullable bool) {
	if c.r != nil {
		*v = c.r.StringPtr(nullable)
	} else {
		c.w.StringPtr(*v, nullable)
	}
}

// TopicNameOrID is a topic named by id (byID) or by name (KIP-516).
func (c *codec) TopicNameOrID(name *string, id *UUID, byID bool) {
	if c.r != nil {
		c.r.TopicNameOrID(name, id, byID)
	} else {
		c.w.TopicNameOrID(*name, *id, byID)
	}
}

// Bytes is a non-nullable byte field; decoded, it aliases the input.
func (c *codec) Bytes(v *[]byte) { field(c, v, (*Reader).Bytes, (*Writer).Bytes) }

// NullableBytes is a byte field written null when nil.
func (c *codec) NullableBytes(v *[]byte) { field(c, v, (*Reader).Bytes, (*Writer).NullableBytes) }

func (c *codec) Int32s(v *[]int32) { field(c, v, (*Reader).Int32s, (*Writer).Int32s) }

func (c *codec) Strings(v *[]string) { field(c, v, (*Reader).Strings, (*Writer).Strings) }

// NullableStrings is a string array written null when nil.
func (c *codec) NullableStrings(v *[]string) {
	field(c, v, (*Reader).Strings, (*Writer).NullableStrings)
}

// NoTags is a tagged-field section none of whose fields we set: written
// empty, skipped when read (nothing in classic versions).
func (c *codec) NoTags() {
	if c.r != nil {
		c.r.SkipTags()
	} else {
		c.w.NoTags()
	}
}

// Tags is a tagged-field section with fields we know: list calls c.Tag
// once per field, in ascending tag order. Encoding writes the fields that
// are set (the count first, so list runs twice); decoding runs list once per
// field present, reading the one whose tag it is, leaving absent ones as they
// are, and skips unknown tags. Classic versions have no section.
func (c *codec) Tags(list func()) {
	outer := c.tags
	if c.r != nil {
		// The loop's field reader is c.r itself, narrowed to the field.
		for tag := range c.r.Tags() {
			c.tags.tag = tag
			list()
		}
	} else if c.w.Flex {
		c.tags = tagPass{counting: true}
		list()
		c.w.Uvarint(c.tags.n)
		c.tags.counting = false
		list()
	}
	c.tags = outer
}

// Tag is tagged field n of the section Tags runs; set says whether an
// encoder writes it (its value differs from the default).
func (c *codec) Tag(n uint32, set bool, field func()) {
	switch {
	case c.r != nil:
		if n == c.tags.tag {
			field()
		}
	case c.tags.counting:
		if set {
			c.tags.n++
		}
	case set:
		mark := c.w.BeginTag(n)
		field()
		c.w.EndTag(mark)
	}
}

// arrayOf is an array of structs (ReadArray, AppendArray): field reads or
// writes one element through c, which its closure captures.
func arrayOf[T any](c *codec, s *[]T, field func(e *T)) {
	if c.r != nil {
		*s = ReadArray(c.r, field)
	} else {
		AppendArray(&c.w, *s, field)
	}
}

// nullableArrayOf is arrayOf for an array that nullable versions write as
// null when nil (older ones write nil as empty).
func nullableArrayOf[T any](c *codec, nullable bool, s *[]T, field func(e *T)) {
	if c.r != nil {
		*s = ReadArray(c.r, field)
	} else if nullable {
		AppendNullableArray(&c.w, *s, field)
	} else {
		AppendArray(&c.w, *s, field)
	}
}
