// Writes trivy-db v2 files (trivy.db) with the real Go bbolt, for Berth's scanner tests and
// benchmark: bolt-fixtures items (as JSON) plus generated advisories in bulk.
//
// Build (no modules, Debian's packaged bbolt):
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o trivydb-gen main.go
//
// Usage: trivydb-gen SPEC.json OUT.db
//
//	{"fixtures": [ {"bucket": name, "pairs": [ {"bucket"...} | {"key": k, "value": v} ]} ],
//	 "generate": [ {"platform": "debian 12", "packages": ["bash", ...], "extraPackages": N,
//	                "perPackage": M, "idPrefix": "CVE-2098-", "fixedVersions": ["0.1-1", ...],
//	                "vulnerabilities": true, "seed": 1} ]}
//
// Fixture values follow bolt-fixtures: strings/numbers/booleans stored with fmt.Sprint,
// everything else with json.Marshal. Generated advisories get keys idPrefix+<n> and
// {"FixedVersion": one of fixedVersions (random)} values; with "vulnerabilities" each ID also gets
// a `vulnerability` record.
package main

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"sort"

	bolt "go.etcd.io/bbolt"
)

type fixture struct {
	Bucket string      `json:"bucket"`
	Pairs  []fixture   `json:"pairs"`
	Key    string      `json:"key"`
	Value  interface{} `json:"value"`
}

type generate struct {
	Platform        string   `json:"platform"`
	Packages        []string `json:"packages"`
	ExtraPackages   int      `json:"extraPackages"`
	PerPackage      int      `json:"perPackage"`
	IDPrefix        string   `json:"idPrefix"`
	FixedVersions   []string `json:"fixedVersions"`
	Vulnerabilities bool     `json:"vulnerabilities"`
	Seed            int64    `json:"seed"`
}

type spec struct {
	Fixtures []fixture  `json:"fixtures"`
	Generate []generate `json:"generate"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "trivydb-gen: "+format+"\n", args...)
	os.Exit(1)
}

func encode(v interface{}) []byte {
	switch v.(type) {
	case bool, float64, string:
		return []byte(fmt.Sprint(v))
	}
	b, err := json.Marshal(v)
	if err != nil {
		fail("marshal: %v", err)
	}
	return b
}

func load(tx *bolt.Tx, parent *bolt.Bucket, f fixture) {
	if f.Bucket != "" {
		var b *bolt.Bucket
		var err error
		if parent == nil {
			b, err = tx.CreateBucketIfNotExists([]byte(f.Bucket))
		} else {
			b, err = parent.CreateBucketIfNotExists([]byte(f.Bucket))
		}
		if err != nil {
			fail("bucket %q: %v", f.Bucket, err)
		}
		for _, p := range f.Pairs {
			load(tx, b, p)
		}
		return
	}
	if parent == nil {
		fail("key %q outside a bucket", f.Key)
	}
	if err := parent.Put([]byte(f.Key), encode(f.Value)); err != nil {
		fail("put %q: %v", f.Key, err)
	}
}

func run(db *bolt.DB, g generate) {
	r := rand.New(rand.NewSource(g.Seed))
	names := append([]string{}, g.Packages...)
	for i := 0; i < g.ExtraPackages; i++ {
		names = append(names, fmt.Sprintf("gen-pkg-%07d", i))
	}
	sort.Strings(names)
	if len(g.FixedVersions) == 0 {
		g.FixedVersions = []string{"0.1-1"}
	}
	const batch = 2000
	id := 0
	for start := 0; start < len(names); start += batch {
		end := start + batch
		if end > len(names) {
			end = len(names)
		}
		err := db.Update(func(tx *bolt.Tx) error {
			platform, err := tx.CreateBucketIfNotExists([]byte(g.Platform))
			if err != nil {
				return err
			}
			vulns, err := tx.CreateBucketIfNotExists([]byte("vulnerability"))
			if err != nil {
				return err
			}
			for _, name := range names[start:end] {
				b, err := platform.CreateBucketIfNotExists([]byte(name))
				if err != nil {
					return err
				}
				for j := 0; j < g.PerPackage; j++ {
					key := fmt.Sprintf("%s%07d", g.IDPrefix, id)
					id++
					fixed := g.FixedVersions[r.Intn(len(g.FixedVersions))]
					if err := b.Put([]byte(key), []byte(`{"FixedVersion":"`+fixed+`"}`)); err != nil {
						return err
					}
					if g.Vulnerabilities {
						v := fmt.Sprintf(`{"Title":"generated %s","Description":"generated advisory for %s","Severity":"MEDIUM","VendorSeverity":{"nvd":%d},"References":["https://example.com/%s"],"PublishedDate":"2020-01-01T00:00:00Z","LastModifiedDate":"2020-01-02T00:00:00Z"}`, key, name, r.Intn(5), key)
						if err := vulns.Put([]byte(key), []byte(v)); err != nil {
							return err
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			fail("generate %s: %v", g.Platform, err)
		}
	}
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: trivydb-gen SPEC.json OUT.db")
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	var s spec
	if err := json.Unmarshal(data, &s); err != nil {
		fail("spec: %v", err)
	}
	os.Remove(os.Args[2])
	db, err := bolt.Open(os.Args[2], 0600, nil)
	if err != nil {
		fail("open: %v", err)
	}
	db.NoSync = true
	err = db.Update(func(tx *bolt.Tx) error {
		for _, f := range s.Fixtures {
			if f.Bucket == "" {
				fail("top-level fixture item without a bucket")
			}
			load(tx, nil, f)
		}
		return nil
	})
	if err != nil {
		fail("fixtures: %v", err)
	}
	for _, g := range s.Generate {
		run(db, g)
	}
	if err := db.Close(); err != nil {
		fail("close: %v", err)
	}
}
