package protocol

// The array family: every array field of every codec goes through these, so
// the length form (classic int32 or compact, from the Reader's or Writer's
// Flex), null handling and the allocation bound live in one place.

// ReadArray reads an array, calling read once per element with a pointer to
// it (read reads from r, which its closure captures); a null array reads as
// nil, an empty one as a non-nil empty slice.
// ArrayLen has checked the count against the bytes that remain (every
// element takes at least one byte), so a lying count cannot make it
// allocate more elements than the input has bytes. It stops at the first
// error.
func ReadArray[T any](r *Reader, read func(e *T)) []T {
	n := r.ArrayLen()
	if n < 0 || r.err != nil {
		return nil
	}
	s := make([]T, n)
	for i := range s {
		if r.err != nil {
			break
		}
		read(&s[i])
	}
	return s
}

// AppendArray writes items as a non-nullable array (nil is written as
// empty), calling write once per element with a pointer to it. write
// appends to w through its closure rather than taking w as a parameter: a
// Writer handed to a function value escapes to the heap, which would cost
// every AppendTo an allocation.
func AppendArray[T any](w *Writer, items []T, write func(e *T)) {
	w.ArrayLen(len(items))
	for i := range items {
		write(&items[i])
	}
}

// AppendNullableArray writes items like AppendArray, but nil as a null array.
func AppendNullableArray[T any](w *Writer, items []T, write func(e *T)) {
	if items == nil {
		w.ArrayLen(-1)
		return
	}
	AppendArray(w, items, write)
}

// Int32s reads an int32 array; null reads as nil. The count is checked
// against four bytes an element.
func (r *Reader) Int32s() []int32 {
	n := r.ArrayLen()
	if n < 0 || r.err != nil {
		return nil
	}
	if n > r.Remaining()/4 {
		r.Fail(ErrInvalidLength)
		return nil
	}
	v := make([]int32, n)
	for i := range v {
		v[i] = r.Int32()
	}
	return v
}

// Int32s writes a non-nullable int32 array; nil is written as empty.
func (w *Writer) Int32s(v []int32) {
	w.ArrayLen(len(v))
	for _, x := range v {
		w.Int32(x)
	}
}

// Strings reads a string array; null reads as nil.
func (r *Reader) Strings() []string {
	n := r.ArrayLen()
	if n < 0 || r.err != nil {
		return nil
	}
	v := make([]string, n)
	for i := range v {
		v[i] = r.String()
	}
	return v
}

// NullableStrings writes a string array, nil as null.
func (w *Writer) NullableStrings(v []string) {
	if v == nil {
		w.ArrayLen(-1)
		return
	}
	w.Strings(v)
}

// Strings writes a non-nullable string array; nil is written as empty.
func (w *Writer) Strings(v []string) {
	w.ArrayLen(len(v))
	for _, s := range v {
		w.String(s)
	}
}
