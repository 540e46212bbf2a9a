package news

import (
	"context"
	"time"
)

// DirectoryStore answers what the store holds about one entity or one
// outlet across all stories: the entity and source pages read it. Stories
// that mention an entity, or carry an outlet, are listed through
// StoryFilter.Entity and StoryFilter.Source.
type DirectoryStore interface {
	// Entity sums up the articles naming the entity with this key
	// (EntityRef.Key). A key no stored article names is ErrNotFound.
	Entity(ctx context.Context, key string) (EntitySummary, error)
	// Outlet sums up the articles of one outlet (Article.Source, exact).
	// A name no stored article carries is ErrNotFound.
	Outlet(ctx context.Context, name string) (OutletSummary, error)
	// Outlets sums up every outlet, most articles first, then by name.
	Outlets(ctx context.Context) ([]OutletSummary, error)
}

// EntitySummary is one entity key across the store.
type EntitySummary struct {
	Key  string `json:"key"`
	Type string `json:"type"`
	// Name is the name the articles use most often for it (ties: the
	// longest, then the first in sort order).
	Name string `json:"name"`
	// Names are every name and alias the articles use for it, most used
	// first, Name included; Titles the titles they give it.
	Names  []NameCount `json:"names"`
	Titles []string    `json:"titles,omitempty"`
	// Articles, Stories and Sources count the articles naming it, their
	// stories and their distinct outlets; Mentions sums its mentions.
	Articles  int       `json:"articles"`
	Stories   int       `json:"stories"`
	Sources   int       `json:"sources"`
	Mentions  int       `json:"mentions"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// NameCount is one spelling and how many articles use it.
type NameCount struct {
	Name     string `json:"name"`
	Articles int    `json:"articles"`
}

// OutletSummary is one outlet across the store.
type OutletSummary struct {
	Name string `json:"name"`
	// Articles counts its articles, Reprints those that reprint another
	// article, Stories the stories it reported on.
	Articles int `json:"articles"`
	Reprints int `json:"reprints"`
	Stories  int `json:"stories"`
	// First counts the stories whose earliest article is this outlet's
	// (ties count for every outlet that published at that instant).
	First     int       `json:"first"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}
