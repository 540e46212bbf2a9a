package extract

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/RadhiFadlillah/whatlanggo"
)

func TestLanguage(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"english", "The council of Orsa voted on Monday to rebuild the old ferry pier before the summer season begins, and work will start next week.", "en"},
		{"german", "Der Stadtrat hat am Montag beschlossen, den alten Fähranleger vor Beginn der Sommersaison neu zu bauen. Die Arbeiten beginnen nächste Woche.", "de"},
		{"french", "Le conseil municipal a voté lundi la reconstruction de l'ancien embarcadère avant le début de la saison d'été. Les travaux commenceront la semaine prochaine.", "fr"},
		{"spanish", "El ayuntamiento votó el lunes reconstruir el viejo muelle del transbordador antes de que empiece la temporada de verano. Las obras comenzarán la próxima semana.", "es"},
		{"portuguese", "A câmara municipal votou na segunda-feira a reconstrução do antigo cais antes do início da temporada de verão. As obras começam na próxima semana.", "pt"},
		{"russian", "Городской совет в понедельник проголосовал за восстановление старого причала до начала летнего сезона. Работы начнутся на следующей неделе.", "ru"},
		{"japanese", "市議会は月曜日、夏のシーズンが始まる前に古いフェリー桟橋を建て直すことを決めた。工事は来週始まる。", "ja"},
		{"long text is cut on a character boundary", strings.Repeat("Городской совет проголосовал за восстановление причала. ", 200), "ru"},
		{"empty", "", ""},
		{"digits and punctuation", "12:30 — 4.2% (2023) / 17", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Language(tt.text); got != tt.want {
				t.Errorf("Language = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLanguageDetectorCost logs what the language detector costs: the heap
// its first use adds (its trigram profiles are package variables, built
// when the program starts: GODEBUG=inittrace=1 shows that allocation) and
// its time on an article's worth of text.
func TestLanguageDetectorCost(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	text := strings.Repeat("The council of Orsa voted on Monday to rebuild the old ferry pier before the summer season begins. ", 40)
	lang := whatlanggo.Detect(text)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if lang.Lang.Iso6391() != "en" {
		t.Errorf("detected %v, want English", lang.Lang)
	}
	t.Logf("whatlanggo: heap in use %+d KiB after first use (%d KiB before)",
		(int64(after.HeapInuse)-int64(before.HeapInuse))/1024, before.HeapInuse/1024)
	start := time.Now()
	const n = 50
	for range n {
		whatlanggo.Detect(text)
	}
	t.Logf("whatlanggo: %.2f ms per %d-byte text; Language (first 1 KiB): %s",
		float64(time.Since(start).Microseconds())/1000/n, len(text), Language(text))
}

// BenchmarkLanguage times the detector on the shared benchmark's
// extracted texts: the whole text (as go-trafilatura runs it inside Page)
// and the first 1 KiB (as Language does).
func BenchmarkLanguage(b *testing.B) {
	pages, urls := benchmarkPages(b)
	var texts []string
	for i, p := range pages {
		if r, err := Page(p, urls[i]); err == nil {
			texts = append(texts, r.Text)
		}
	}
	b.Run("whole text", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			whatlanggo.Detect(texts[i%len(texts)])
			i++
		}
	})
	b.Run("Language", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			Language(texts[i%len(texts)])
			i++
		}
	})
}
