package web

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// summaryItem is one error of the summary above a failed form: the message, with the
// label of its field, and the id of the field the link goes to.
type summaryItem struct {
	Target, Label, Message string
}

// errorSummary reads the field errors a rendered page shows, in page order, for the
// summary at its top (the NL Design System and Open Formulieren pattern). Every form
// marks an error the same way: a message with the class
// utrecht-form-field-error-message and an id, named by the aria-describedby of its
// field. Reading the rendered page instead of the page's Fields means the summary
// lists exactly what the page shows, whatever key a form files its errors under, and
// every form gets it without a change of its own.
func errorSummary(content []byte) []summaryItem {
	var (
		messages []summaryItem         // Target holds the message's own id for now
		fieldOf  = map[string]string{} // message id -> id of the field it describes
		labels   = map[string]string{} // field id -> its label's text
		open     *summaryItem          // the message being read
		labelFor string                // the label being read
		text     strings.Builder
	)
	z := html.NewTokenizer(bytes.NewReader(content))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return resolveSummary(messages, fieldOf, labels)
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			id, class, described, forID := attr(t, "id"), attr(t, "class"), attr(t, "aria-describedby"), attr(t, "for")
			switch {
			case t.Data == "p" && id != "" && hasClass(class, "utrecht-form-field-error-message"):
				open = &summaryItem{Target: id}
				text.Reset()
			case t.Data == "label" && forID != "":
				labelFor = forID
				text.Reset()
			}
			if id != "" && described != "" {
				for _, d := range strings.Fields(described) {
					if _, ok := fieldOf[d]; !ok {
						fieldOf[d] = id
					}
				}
			}
		case html.TextToken:
			if open != nil || labelFor != "" {
				text.Write(z.Text())
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch {
			case string(name) == "p" && open != nil:
				open.Message = strings.Join(strings.Fields(text.String()), " ")
				messages = append(messages, *open)
				open = nil
			case string(name) == "label" && labelFor != "":
				if _, ok := labels[labelFor]; !ok {
					labels[labelFor] = strings.Join(strings.Fields(text.String()), " ")
				}
				labelFor = ""
			}
		}
	}
}

// resolveSummary points each message at its field (or at the message itself when no
// field names it) and names the field by its label.
func resolveSummary(messages []summaryItem, fieldOf, labels map[string]string) []summaryItem {
	out := make([]summaryItem, 0, len(messages))
	seen := map[string]bool{}
	for _, m := range messages {
		if field, ok := fieldOf[m.Target]; ok {
			m.Target = field
		}
		m.Label = labels[m.Target]
		if m.Message == "" || seen[m.Target+"\x00"+m.Message] {
			continue
		}
		seen[m.Target+"\x00"+m.Message] = true
		out = append(out, m)
	}
	return out
}

func attr(t html.Token, name string) string {
	for _, a := range t.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasClass(class, want string) bool {
	for _, c := range strings.Fields(class) {
		if c == want {
			return true
		}
	}
	return false
}
