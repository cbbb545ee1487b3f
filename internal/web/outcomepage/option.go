package outcomepage

import "slices"

// Option is an entry of a select or a radio group: the value the domain takes and
// its Dutch label.
type Option struct{ Value, Label string }

func hasOption(opts []Option, v string) bool {
	return slices.ContainsFunc(opts, func(o Option) bool { return o.Value == v })
}

// OptionLabel is the label of the option with value v, or v itself.
func OptionLabel(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}
