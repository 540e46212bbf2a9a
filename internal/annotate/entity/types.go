package entity

// Type is an entity type.
type Type string

// The entity types the recogniser emits.
const (
	PER  Type = "PER"  // people
	ORG  Type = "ORG"  // organisations: companies, agencies, parties, armed groups, outlets
	LOC  Type = "LOC"  // places: countries, cities, regions
	NORP Type = "NORP" // nationalities, religious and political groups ("Iranian", "Shiite")

	// misc is the tagger's class for other names (events, works,
	// products, nationalities in wikigold); the rules turn the
	// nationalities into NORP and drop the rest.
	misc Type = "MISC"
)

// Kind says how a mention names its entity.
type Kind string

// Mention kinds.
const (
	// Name is a proper name: "Bashar al-Assad", "Assad", "Tehran".
	Name Kind = "name"
	// Acronym is an initialism standing for a name: "SNSC", "UAE".
	Acronym Kind = "acronym"
	// Nominal is a title standing for a person the article named:
	// "the supreme leader", "the Syrian president".
	Nominal Kind = "nominal"
)

// Mention is one place in the text that refers to an entity.
type Mention struct {
	// Text is the input between Start and End.
	Text string `json:"text"`
	// Start and End are byte offsets into the annotated text.
	Start int  `json:"start"`
	End   int  `json:"end"`
	Type  Type `json:"type"`
	Kind  Kind `json:"kind"`
	// Entity indexes Article.Entities.
	Entity int `json:"entity"`
	// Title is the title or honorific written before a person's name
	// ("Supreme Leader Ayatollah"), outside the mention's span; for a
	// nominal mention, the title it is made of ("supreme leader").
	Title string `json:"title,omitempty"`
	// Source is true when the text cites the entity as its source
	// ("according to the UN").
	Source bool `json:"source,omitempty"`
}

// Entity is one person, organisation, place or group an article refers
// to, with all its mentions.
type Entity struct {
	// Name is the fullest name the article uses, without titles.
	Name string `json:"name"`
	Type Type   `json:"type"`
	// Aliases are the other names and acronyms the article uses for it,
	// in order of first use.
	Aliases []string `json:"aliases,omitempty"`
	// Titles are the titles the article gives a person, in order of use.
	Titles []string `json:"titles,omitempty"`
	// Mentions index Article.Mentions, in text order.
	Mentions []int `json:"mentions"`
}

// Article is the entities of one text.
type Article struct {
	// Mentions are in text order.
	Mentions []Mention `json:"mentions"`
	// Entities are in order of first mention.
	Entities []Entity `json:"entities"`
}
