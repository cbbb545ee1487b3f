package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/startbaan/startbaan/internal/users"
)

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

const usersUsage = `usage:
  startbaan users add     --email E --name N --role ROLE [--role ROLE ...] --municipality GM0363 [--password-file F]
  startbaan users grant   --email E --role ROLE --municipality GM0363
  startbaan users revoke  --email E --role ROLE --municipality GM0363
  startbaan users disable --email E
national roles (ministerie, platformbeheer) take --municipality NL (the default for them).
Without --password-file (or STARTBAAN_NEW_PASSWORD) add makes a random password and prints it once`

func usersCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(usersUsage)
	}
	fs := flag.NewFlagSet("users "+args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	email, name, municipality, passwordFile := fs.String("email", "", ""), fs.String("name", "", ""),
		fs.String("municipality", "", ""), fs.String("password-file", "", "")
	var roles stringList
	fs.Var(&roles, "role", "")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("%w\n%s", err, usersUsage)
	}
	grants := toGrants(roles, *municipality)
	_, db, _, err := open(ctx, getenv, false)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := users.NewService(db.Gorm)
	var u users.User
	switch args[0] {
	case "add":
		password, generated, perr := newPassword(*passwordFile, getenv)
		if perr != nil {
			return perr
		}
		u, err = svc.Add(
			ctx,
			users.NewUser{Email: *email, Name: *name, Password: password, Grants: grants},
		)
		if err == nil && generated {
			fmt.Fprintf(out, "password (shown once): %s\n", password)
		}
	case "grant", "revoke":
		if len(grants) != 1 {
			return errors.New("give exactly one --role\n" + usersUsage)
		}
		if args[0] == "grant" {
			u, err = svc.Grant(ctx, *email, grants[0], nil)
		} else {
			u, err = svc.Revoke(ctx, *email, grants[0])
		}
	case "disable":
		u, err = svc.Disable(ctx, *email)
	default:
		return errors.New(usersUsage)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s (%s): roles %v, disabled %t\n", u.Email, u.Name, u.Grants, u.Disabled)
	return nil
}

// toGrants pairs every role with the municipality; national roles default to NL.
func toGrants(roles []string, municipality string) []users.Grant {
	out := make([]users.Grant, len(roles))
	for i, r := range roles {
		d := strings.ToUpper(municipality)
		if d == "" && (r == users.RoleMinisterie || r == users.RolePlatformbeheer) {
			d = users.NationalDomain
		}
		out[i] = users.Grant{Role: r, Domain: d}
	}
	return out
}

func newPassword(file string, getenv func(string) string) (string, bool, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		return strings.TrimSpace(string(b)), false, err
	}
	if p := getenv("STARTBAAN_NEW_PASSWORD"); p != "" {
		return p, false, nil
	}
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b), true, nil
}
