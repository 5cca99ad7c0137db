// Package clisuite runs the kw binary, built from the main module, against
// a live broker and checks it against kcat: what kw consume -f prints is
// what kcat -C -f prints, kcat reads back exactly what kw produce wrote,
// and group mode, offsets, -e, -c and -F properties files work end to end.
package clisuite
