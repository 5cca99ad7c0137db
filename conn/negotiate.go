package conn

import (
	"context"
	"encoding/binary"
	"fmt"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/protocol"
)

// UnsupportedError says that the broker and this client share no version of
// an API.
type UnsupportedError struct {
	Broker string
	APIKey int16
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("kafkawire: broker %s supports no version of %s that this client speaks", e.Broker, apiName(e.APIKey))
}

// negotiate sends ApiVersions at our newest version; a broker that lacks it
// answers in the v0 format with UNSUPPORTED_VERSION and its own range, and
// we ask again at the newest version we share.
func (c *Conn) negotiate(ctx context.Context) error {
	api, _ := protocol.LookupAPI(protocol.KeyApiVersions)
	version := api.MaxVersion
	for attempt := 0; attempt < 2; attempt++ {
		req := protocol.ApiVersionsRequest{ClientSoftwareName: SoftwareName, ClientSoftwareVersion: Version}
		var resp protocol.ApiVersionsResponse
		err := c.RoundTripVersion(ctx, &req, &apiVersionsAnyFormat{&resp}, version)
		if err != nil {
			return err
		}
		if resp.ErrorCode == 35 { // UNSUPPORTED_VERSION
			brokerMax := int16(-1)
			for _, k := range resp.ApiKeys {
				if k.ApiKey == protocol.KeyApiVersions {
					brokerMax = k.MaxVersion
				}
			}
			if brokerMax < 0 || brokerMax >= version {
				return fmt.Errorf("ApiVersions v%d refused and no lower version offered", version)
			}
			version = brokerMax
			continue
		}
		if err := kafkawire.ErrorForCode(resp.ErrorCode); err != nil {
			return fmt.Errorf("ApiVersions: %w", err)
		}
		c.setVersions(resp.ApiKeys)
		c.features = resp.FinalizedFeatures
		return nil
	}
	return fmt.Errorf("ApiVersions negotiation did not converge")
}

// apiVersionsAnyFormat decodes an ApiVersions response at the requested
// version, or in the v0 format when the broker refused that version (it
// always answers UNSUPPORTED_VERSION in the v0 format).
type apiVersionsAnyFormat struct{ *protocol.ApiVersionsResponse }

func (a *apiVersionsAnyFormat) Decode(r *protocol.Reader, version int16) {
	body := r.Raw(r.Remaining())
	if len(body) >= 2 && int16(binary.BigEndian.Uint16(body)) == 35 {
		version = 0
	}
	// Decode the body itself: protocol.Decode would name the API a second
	// time around our caller's own "decoding ApiVersions".
	inner := protocol.NewReader(body)
	a.ApiVersionsResponse.Decode(inner, version)
	if err := inner.Err(); err != nil {
		r.Fail(err)
	}
}

func (c *Conn) setVersions(keys []protocol.ApiVersionsResponseKey) {
	c.broker = keys
	c.versions = make(map[int16]int16, len(keys))
	for _, k := range keys {
		api, ok := protocol.LookupAPI(k.ApiKey)
		if !ok {
			continue
		}
		v := min(api.MaxVersion, k.MaxVersion)
		if v < api.MinVersion || v < k.MinVersion {
			continue
		}
		c.versions[k.ApiKey] = v
	}
}

// Version returns the version negotiated for an API, or false if the broker
// and this client share none.
func (c *Conn) Version(key int16) (int16, bool) {
	v, ok := c.versions[key]
	return v, ok
}

// VersionUpTo is the negotiated version of an API capped at max, for a
// caller that cannot fill what later versions need (topic ids instead of
// names, say); an *UnsupportedError if the broker and this client share
// none.
func (c *Conn) VersionUpTo(key, max int16) (int16, error) {
	v, ok := c.versions[key]
	if !ok {
		return 0, &UnsupportedError{Broker: c.addr, APIKey: key}
	}
	return min(v, max), nil
}

// FinalizedFeature returns the finalized max version level of a cluster
// feature (e.g. "transaction.version") as the broker's ApiVersions answer
// gave it, or false if it named none.
func (c *Conn) FinalizedFeature(name string) (int16, bool) {
	for _, f := range c.features {
		if f.Name == name {
			return f.MaxVersionLevel, true
		}
	}
	return 0, false
}

// BrokerVersions is the broker's advertised range per API key, as sent.
func (c *Conn) BrokerVersions() []protocol.ApiVersionsResponseKey { return c.broker }

func (c *Conn) versionFor(key int16) (int16, error) {
	if v, ok := c.versions[key]; ok {
		return v, nil
	}
	return 0, &UnsupportedError{Broker: c.addr, APIKey: key}
}
