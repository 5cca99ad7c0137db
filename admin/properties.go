package admin

import "github.com/kafkawire/kafkawire/properties"

// ConfigFromProperties maps a Java (or librdkafka) admin client
// properties file to a Config: the connection keys of package properties
// (bootstrap.servers, client.id, request.timeout.ms, security.protocol,
// sasl.*, ssl.*). A producer or consumer key, an unknown key and a bad
// value are errors naming the key.
func ConfigFromProperties(p properties.Properties) (Config, error) {
	conn, err := properties.Apply(p, properties.Admin, propertyKeys, &Config{})
	if err != nil {
		return Config{}, err
	}
	return Config{Brokers: conn.Brokers, ClientID: conn.ClientID, TLS: conn.TLS, SASL: conn.SASL, RequestTimeout: conn.RequestTimeout}, nil
}

// propertyKeys are the admin client's own keys: all accepted and ignored.
var propertyKeys = []properties.Key[Config]{
	{Name: "default.api.timeout.ms", Ignore: "every call takes a context, which bounds it"},
	{Name: "retry.backoff.ms", Ignore: "admin calls retry on the cluster's backoff (100ms to 1s)"},
	{Name: "retry.backoff.max.ms", Ignore: "admin calls retry on the cluster's backoff (100ms to 1s)"},
}
