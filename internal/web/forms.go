package web

// option is an entry of a select or a radio group: the value the domain takes and its
// Dutch label. Shared by every page with choices.
type option struct{ Value, Label string }
