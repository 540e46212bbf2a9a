package annotate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/parallax-news/parallax/internal/annotate/entity"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/textproc"
)

// minQuoteOverlap is the share of the shorter wording's content words the
// other must hold for two quotes by one speaker to count as one statement.
const minQuoteOverlap = 0.5

// Story merges the annotations of a story's articles, given in article
// order: entities across spelling variants (entity.Canonicalize), quotes by
// one speaker that share most of their words, and every claim with its
// source. Entities come most widely reported first.
func Story(arts []news.ArticleAnnotations) news.StoryAnnotations {
	out := news.StoryAnnotations{Entities: []news.StoryEntity{}, Quotes: []news.StoryQuote{}, Claims: []news.StoryClaim{}}
	docs := make([]entity.Article, len(arts))
	for i, a := range arts {
		ents := make([]entity.Entity, len(a.Annotations.Entities))
		for j, e := range a.Annotations.Entities {
			// Canonicalize reads the number of mentions, not the mentions.
			ents[j] = entity.Entity{Name: e.Name, Type: entity.Type(e.Type), Aliases: e.Aliases,
				Titles: e.Titles, Mentions: make([]int, e.Mentions)}
		}
		docs[i] = entity.Article{Entities: ents}
	}
	type ref struct{ doc, ent int }
	canonOf := make(map[ref]*news.StoryEntity)
	canon := entity.Canonicalize(docs)
	out.Entities = make([]news.StoryEntity, len(canon))
	for i, c := range canon {
		se := &out.Entities[i]
		*se = news.StoryEntity{ID: c.ID, Name: c.Name, Type: string(c.Type), Aliases: c.Aliases,
			Sources: []string{}, Articles: []int64{}}
		for _, m := range c.Members {
			a := arts[m.Doc]
			e := a.Annotations.Entities[m.Entity]
			canonOf[ref{m.Doc, m.Entity}] = se
			se.Mentions += e.Mentions
			for _, t := range e.Titles {
				if !slices.ContainsFunc(se.Titles, func(s string) bool { return strings.EqualFold(s, t) }) {
					se.Titles = append(se.Titles, t)
				}
			}
			if !slices.Contains(se.Articles, a.ArticleID) {
				se.Articles = append(se.Articles, a.ArticleID)
			}
			if a.Source != "" && !slices.Contains(se.Sources, a.Source) {
				se.Sources = append(se.Sources, a.Source)
			}
			if e.Key != "" && !slices.Contains(se.Keys, e.Key) {
				// The key of the name the story shows comes first.
				if e.Name == se.Name {
					se.Keys = slices.Insert(se.Keys, 0, e.Key)
				} else {
					se.Keys = append(se.Keys, e.Key)
				}
			}
		}
	}

	type group struct {
		key   string
		words []map[string]bool
	}
	var groups []group
	for di, a := range arts {
		for _, q := range a.Annotations.Quotes {
			sq := news.StoryQuote{Speaker: q.Name}
			if sq.Speaker == "" {
				sq.Speaker = q.Speaker
			}
			if se := canonOf[ref{di, q.SpeakerEntity}]; q.SpeakerEntity >= 0 && se != nil {
				sq.Speaker, sq.Entity = se.Name, se.ID
			}
			key := strings.ToLower(sq.Speaker)
			if sq.Entity != 0 {
				key = "#" + strconv.Itoa(sq.Entity)
			}
			w := news.QuoteWording{ArticleID: a.ArticleID, Source: a.Source, Quote: q}
			words := contentWords(q.Text)
			joined := false
			for gi := range groups {
				g := &groups[gi]
				if g.key != key || key == "" || hasArticle(out.Quotes[gi], a.ArticleID) {
					continue
				}
				if slices.ContainsFunc(g.words, func(o map[string]bool) bool { return overlap(o, words) >= minQuoteOverlap }) {
					out.Quotes[gi].Wordings = append(out.Quotes[gi].Wordings, w)
					g.words = append(g.words, words)
					joined = true
					break
				}
			}
			if !joined {
				sq.Wordings = []news.QuoteWording{w}
				out.Quotes = append(out.Quotes, sq)
				groups = append(groups, group{key: key, words: []map[string]bool{words}})
			}
		}
		for _, c := range a.Annotations.Claims {
			out.Claims = append(out.Claims, news.StoryClaim{ArticleID: a.ArticleID, Source: a.Source, Claim: c})
		}
	}

	slices.SortStableFunc(out.Entities, func(a, b news.StoryEntity) int {
		if c := cmp.Compare(len(b.Sources), len(a.Sources)); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.Articles), len(a.Articles)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Mentions, a.Mentions); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

func hasArticle(q news.StoryQuote, id int64) bool {
	return slices.ContainsFunc(q.Wordings, func(w news.QuoteWording) bool { return w.ArticleID == id })
}

// contentWords are the stems of the words of s that are not stop words.
func contentWords(s string) map[string]bool {
	out := make(map[string]bool)
	for _, t := range textproc.Tokens(s) {
		if t.Norm == "" || textproc.IsStopWord(t.Norm) {
			continue
		}
		out[textproc.Stem(t.Norm)] = true
	}
	return out
}

// overlap is the share of the smaller set's words the other holds.
func overlap(a, b map[string]bool) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}
