// Package result is the JSON line a benchmark worker prints, shared by the
// worker, the replay ceiling and the runner that collects them.
package result

// Result is one benchmark run of one client. The worker fills the
// measured fields; the runner adds what only the parent process can see
// (CPU time and peak RSS from rusage) and where the run belongs.
type Result struct {
	Client string `json:"client"`
	Mode   string `json:"mode"`

	// Records and Bytes are what the timed section moved: records produced
	// and acknowledged, or consumed. Bytes counts keys and values.
	Records int64   `json:"records"`
	Bytes   int64   `json:"bytes"`
	Seconds float64 `json:"seconds"` // the timed section
	RPS     float64 `json:"rps"`     // records per second
	MBps    float64 `json:"mbps"`    // Bytes per second / 1e6

	// Go workers only: heap allocations during the timed section
	// (runtime.MemStats deltas), and per record.
	Mallocs          uint64  `json:"mallocs,omitempty"`
	AllocBytes       uint64  `json:"alloc_bytes,omitempty"`
	MallocsPerRecord float64 `json:"mallocs_per_record,omitempty"`

	// Latency mode: end-to-end delay (send call to receipt) percentiles of
	// the measured records, in milliseconds, and how many were sent.
	Sent   int64   `json:"sent,omitempty"`
	P50Ms  float64 `json:"p50_ms,omitempty"`
	P99Ms  float64 `json:"p99_ms,omitempty"`
	P999Ms float64 `json:"p999_ms,omitempty"`
	MaxMs  float64 `json:"max_ms,omitempty"`

	Note  string `json:"note,omitempty"`
	Error string `json:"error,omitempty"`

	// Filled in by the runner.
	Cell       string  `json:"cell,omitempty"`
	Rep        int     `json:"rep,omitempty"`
	CPUSeconds float64 `json:"cpu_seconds,omitempty"` // user+sys of the whole process
	MaxRSSMB   float64 `json:"max_rss_mb,omitempty"`
	Wall       float64 `json:"wall_seconds,omitempty"` // the whole process
	Load1      float64 `json:"load1,omitempty"`        // 1-minute load average as the run started

	// The quiet check before the run (see the runner's README): the load
	// of everything but the bench over a short window while the bench was
	// idle, how long the run waited for the machine to quiet down, and
	// whether it never did (the run is then flagged noisy).
	LoadRecent float64 `json:"load_recent,omitempty"`
	QuietWait  float64 `json:"quiet_wait_seconds,omitempty"`
	Noisy      bool    `json:"noisy,omitempty"`
	// Warmup marks the untimed run before a cell's first timed run; the
	// report leaves it out.
	Warmup bool `json:"warmup,omitempty"`
	// Seq is the run's position in its cell (1, 2, ...; warm-up 0).
	Seq int `json:"seq,omitempty"`
}

// CPUPerMillion is the process's CPU seconds per million records.
func (r *Result) CPUPerMillion() float64 {
	if r.Records == 0 {
		return 0
	}
	return r.CPUSeconds / float64(r.Records) * 1e6
}
