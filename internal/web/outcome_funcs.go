package web

// formInput is what the select and month partials need of one field.
type formInput struct {
	Name, Label, Value, Error string
	Options                   []option
}

// ocInput is a select or month field of the outcomes form, with its options.
func ocInput(p *page, name, label, value string) formInput {
	in := formInput{Name: name, Label: label, Value: value, Error: p.Fields[name]}
	if v, ok := p.Data.(outcomesView); ok {
		in.Options = v.Options[name]
	}
	return in
}
