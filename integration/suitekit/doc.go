// Package suitekit is what the live-broker suites under integration/ share:
// unique names, topic creation, producing and reading records, the brokers'
// own offsets, waiting, log capture, child processes that report on stdout
// (Go programs built once per test binary, Java programs), and TestMain.
//
// Unlike the harness package integration, which starts brokers and must not
// depend on the library it tests, suitekit is built on the kafkawire
// library: every helper here uses the library's clients against a cluster the
// harness started. Each helper fails the test with a message naming what it
// was doing; none retries on its own.
package suitekit
