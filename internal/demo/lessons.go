package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// demoLessons are synthetic lessons learned, written as a pilot municipality might.
var demoLessons = []struct{ theme, title, tried, worked, didNotWork, evidence string }{
	{"werkgevers", "Werkgevers bezoeken vóór de match",
		"De klantmanager bezocht de werkgever samen met de jobcoach voordat kandidaten werden voorgesteld.",
		"Werkgevers boden vaker een contract van minstens twintig uur aan en vroegen SOWIS aan.",
		"Bij uitzendbureaus werkte het niet: zij wilden alleen korte contracten.",
		"Meer plaatsingen die aan de lat van 20 uur en 12 maanden voldoen."},
	{"combinatie_werk_inburgering", "Taalles op de werkvloer",
		"Twee dagdelen taalles per week op de werkplek, onder werktijd.",
		"Minder uitval uit de lessen en deelnemers haalden vaker hun PVT.",
		"In ploegendiensten was geen vaste lestijd te vinden.",
		"Het aandeel weken dat het gecombineerde urendoel haalt steeg."},
	{"begeleiding", "Eén vaste contactpersoon",
		"Vanaf de vestiging één klantmanager voor uitkering, werk en inburgering.",
		"Het baanaanbod kwam sneller na de aanvraag van de uitkering.",
		"Bij ziekte van de klantmanager viel de begeleiding stil.",
		"Kortere doorlooptijd van aanvraag tot baanaanbod."},
}

// SeedLessons writes the demo lessons of every pilot municipality that has none yet:
// the first two published, the third a draft. It returns how many it wrote.
func SeedLessons(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	munis, err := pilotMunicipalities(ctx, pool)
	if err != nil {
		return 0, err
	}
	written := 0
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for i, m := range munis {
			var exists bool
			if err := tx.QueryRow(
				ctx,
				`SELECT EXISTS (SELECT 1 FROM lessons WHERE municipality_id = $1)`,
				m.id,
			).Scan(&exists); err != nil {
				return err
			}
			if exists {
				continue
			}
			for j, l := range demoLessons {
				published := (i+j)%3 != 2
				_, err := tx.Exec(ctx, `INSERT INTO lessons (municipality_id, pilot_id, theme, title, tried, worked, did_not_work,
						evidence, status, published_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN now() END)`,
					m.id, m.pilotID, l.theme, l.title, l.tried, l.worked, l.didNotWork, l.evidence,
					map[bool]string{true: "gepubliceerd", false: "concept"}[published], published)
				if err != nil {
					return fmt.Errorf("demo lesson for %s: %w", m.code, err)
				}
				written++
			}
		}
		return nil
	})
	return written, err
}
