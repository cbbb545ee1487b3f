package pilots

import (
	"context"
	"fmt"
	"io/fs"

	"gorm.io/gorm"
)

// Result says what a sync did.
type Result struct {
	Municipalities int
	Pilots         int
	// Orphans are pilots in the database without a file. They are kept: cases may
	// refer to them.
	Orphans []string
}

// Sync validates every pilot file and then applies them all in one transaction:
// municipalities and pilots are upserted by code and each pilot's municipalities
// replaced. An invalid file, or any database error, changes nothing.
func Sync(ctx context.Context, db *gorm.DB, fsys fs.FS) (Result, error) {
	files, err := Load(fsys)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, f := range files {
			if err := syncFile(tx, f); err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
			res.Pilots++
		}
		return tx.Raw(orphansSQL, textArray(codes(files))).Scan(&res.Orphans).Error
	})
	if err != nil {
		return Result{}, err
	}
	res.Municipalities = countMunicipalities(files)
	return res, nil
}

func syncFile(tx *gorm.DB, f File) error {
	for _, m := range f.Municipalities {
		err := tx.Exec(upsertMunicipalitySQL, m.Code, m.Name, m.LabourMarketRegion).Error
		if err != nil {
			return fmt.Errorf("municipality %s: %w", m.Code, err)
		}
	}
	var end any
	if f.EndDate != "" {
		end = f.EndDate
	}
	t := f.Targets
	var id int32
	err := tx.Raw(upsertPilotSQL, f.Code, f.PilotName, f.Variant, f.StartDate, end,
		f.AllowsPreSettlementOffer, *t.CombinedHoursPerWeek,
		*t.MinWorkHoursPerWeek, *t.MinIntegrationHoursPerWeek, *t.MaxDaysToOffer, f.Description).Scan(&id).Error
	if err != nil {
		return fmt.Errorf("pilot: %w", err)
	}
	return replaceMembers(tx, id, f.Municipalities)
}

func replaceMembers(tx *gorm.DB, pilotID int32, ms []MunicipalityY) error {
	codes := make([]string, len(ms))
	for i, m := range ms {
		codes[i] = m.Code
	}
	if err := tx.Where("pilot_id = ?", pilotID).Delete(&pilotMunicipality{}).Error; err != nil {
		return fmt.Errorf("members: %w", err)
	}
	err := tx.Exec(addMembersSQL, pilotID, textArray(codes)).Error
	if err != nil {
		return fmt.Errorf("members: %w", err)
	}
	return nil
}

func codes(files []File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Code
	}
	return out
}

func countMunicipalities(files []File) int {
	seen := map[string]bool{}
	for _, f := range files {
		for _, m := range f.Municipalities {
			seen[m.Code] = true
		}
	}
	return len(seen)
}
