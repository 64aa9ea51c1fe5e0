// Test oracle for Berth's bbolt reader (src/scan/bbolt): the real Go bbolt library writes a
// database from a JSON description and dumps any database as a canonical listing, so the C++
// reader can be compared against it byte for byte.
//
// Build (no modules, Debian's packaged bbolt):
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o helper main.go
//
// Usage:
//
//	helper write SPEC.json OUT.db   writes OUT.db, runs tx.Check(), prints page statistics (JSON)
//	helper dump DB                  prints every bucket and key/value, depth first, in hex
//
// SPEC.json:
//
//	{"pageSize": 4096, "fillPercent": 0.5, "noFreelistSync": false, "compact": false,
//	 "fixtures": [ bolt-fixtures items: {"bucket": name, "pairs": [...]} / {"key": k, "value": v} ],
//	 "generated": [ {"path": [..], "count": N, "valueSize": S, "varySize": bool,
//	                 "binaryKeys": bool, "keySize": K, "subBuckets": M, "keysEach": E, "seed": n} ],
//	 "sequences": [ {"path": [..], "value": n} ]}
//
// Fixture values follow bolt-fixtures: strings, numbers and booleans are stored with
// fmt.Sprint (strings raw, unquoted), everything else with json.Marshal (sorted keys, HTML
// escaping), like trivy-db's build does.
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

type fixture struct {
	Bucket string      `json:"bucket"`
	Pairs  []fixture   `json:"pairs"`
	Key    string      `json:"key"`
	Value  interface{} `json:"value"`
}

type generated struct {
	Path       []string `json:"path"`
	Count      int      `json:"count"`
	KeySize    int      `json:"keySize"`
	ValueSize  int      `json:"valueSize"`
	VarySize   bool     `json:"varySize"`
	BinaryKeys bool     `json:"binaryKeys"`
	SubBuckets int      `json:"subBuckets"`
	KeysEach   int      `json:"keysEach"`
	Seed       int64    `json:"seed"`
}

type sequence struct {
	Path  []string `json:"path"`
	Value uint64   `json:"value"`
}

type spec struct {
	PageSize       int         `json:"pageSize"`
	FillPercent    float64     `json:"fillPercent"`
	NoFreelistSync bool        `json:"noFreelistSync"`
	Compact        bool        `json:"compact"`
	Fixtures       []fixture   `json:"fixtures"`
	Generated      []generated `json:"generated"`
	Sequences      []sequence  `json:"sequences"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "bbolt-oracle: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) == 4 && os.Args[1] == "write" {
		write(os.Args[2], os.Args[3])
	} else if len(os.Args) == 3 && os.Args[1] == "dump" {
		dump(os.Args[2])
	} else {
		fail("usage: write SPEC.json OUT.db | dump DB")
	}
}

func readSpec(path string) spec {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	var s spec
	if err := json.Unmarshal(data, &s); err != nil {
		fail("spec %s: %v", path, err)
	}
	return s
}

func encodeValue(v interface{}) []byte {
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

type bucketMaker struct {
	fill float64
}

func (m bucketMaker) sub(parent *bolt.Bucket, tx *bolt.Tx, name []byte) *bolt.Bucket {
	var b *bolt.Bucket
	var err error
	if parent == nil {
		b, err = tx.CreateBucketIfNotExists(name)
	} else {
		b, err = parent.CreateBucketIfNotExists(name)
	}
	if err != nil {
		fail("bucket %q: %v", name, err)
	}
	if m.fill > 0 {
		b.FillPercent = m.fill
	}
	return b
}

func (m bucketMaker) path(tx *bolt.Tx, path []string) *bolt.Bucket {
	var b *bolt.Bucket
	for _, p := range path {
		b = m.sub(b, tx, []byte(p))
	}
	return b
}

func (m bucketMaker) load(tx *bolt.Tx, b *bolt.Bucket, f fixture) {
	if f.Bucket != "" {
		child := m.sub(b, tx, []byte(f.Bucket))
		for _, p := range f.Pairs {
			m.load(tx, child, p)
		}
		return
	}
	if b == nil {
		fail("key %q outside a bucket", f.Key)
	}
	if err := b.Put([]byte(f.Key), encodeValue(f.Value)); err != nil {
		fail("put %q: %v", f.Key, err)
	}
}

func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	r.Read(b)
	return b
}

// generate inserts in transactions of batch keys: bbolt only splits nodes at commit, so one
// huge transaction of random keys would cost quadratic time.
func (m bucketMaker) generate(db *bolt.DB, g generated) {
	const batch = 5000
	r := rand.New(rand.NewSource(g.Seed))
	for done := 0; done == 0 || done < g.Count+g.SubBuckets; {
		err := db.Update(func(tx *bolt.Tx) error {
			b := m.path(tx, g.Path)
			for n := 0; n < batch && done < g.Count; n, done = n+1, done+1 {
				if err := b.Put(generatedKey(r, g, done), generatedValue(r, g)); err != nil {
					return err
				}
			}
			for n := 0; n < batch && done >= g.Count && done < g.Count+g.SubBuckets; n, done = n+1, done+1 {
				child := m.sub(b, tx, []byte(fmt.Sprintf("sub-%06d", done-g.Count)))
				for j := 0; j < g.KeysEach; j++ {
					key := []byte(fmt.Sprintf("CVE-%d-%d", 2000+j, r.Intn(100000)))
					if err := child.Put(key, randomBytes(r, r.Intn(40))); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			fail("generate %v: %v", g.Path, err)
		}
		if g.Count+g.SubBuckets == 0 {
			break
		}
	}
}

func generatedKey(r *rand.Rand, g generated, i int) []byte {
	if g.BinaryKeys {
		return randomBytes(r, 1+r.Intn(max(g.KeySize, 1)))
	}
	return []byte(fmt.Sprintf("key-%08x-%d", r.Uint32(), i))
}

func generatedValue(r *rand.Rand, g generated) []byte {
	size := g.ValueSize
	if g.VarySize && size > 0 {
		size = r.Intn(size + 1)
	}
	return randomBytes(r, size)
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func open(path string, s spec) *bolt.DB {
	db, err := bolt.Open(path, 0600, &bolt.Options{PageSize: s.PageSize, NoFreelistSync: s.NoFreelistSync})
	if err != nil {
		fail("open %s: %v", path, err)
	}
	db.NoSync = true // test data: durability does not matter, speed does
	return db
}

func write(specPath, out string) {
	s := readSpec(specPath)
	target := out
	if s.Compact {
		target = out + ".uncompacted"
	}
	os.Remove(target)
	db := open(target, s)
	m := bucketMaker{fill: s.FillPercent}
	err := db.Update(func(tx *bolt.Tx) error {
		for _, f := range s.Fixtures {
			if f.Bucket == "" {
				fail("top-level fixture item without a bucket")
			}
			m.load(tx, nil, f)
		}
		return nil
	})
	if err != nil {
		fail("update: %v", err)
	}
	for _, g := range s.Generated {
		m.generate(db, g)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, q := range s.Sequences {
			if err := m.path(tx, q.Path).SetSequence(q.Value); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		fail("sequences: %v", err)
	}
	if s.Compact {
		os.Remove(out)
		dst := open(out, s)
		if err := bolt.Compact(dst, db, 1<<20); err != nil {
			fail("compact: %v", err)
		}
		db.Close()
		os.Remove(target)
		db = dst
	}
	check(db)
	printStats(db)
	db.Close()
}

func check(db *bolt.DB) {
	err := db.View(func(tx *bolt.Tx) error {
		n := 0
		for err := range tx.Check() {
			fmt.Fprintf(os.Stderr, "check: %v\n", err)
			n++
		}
		if n > 0 {
			return fmt.Errorf("%d consistency errors", n)
		}
		return nil
	})
	if err != nil {
		fail("%v", err)
	}
}

func printStats(db *bolt.DB) {
	var total bolt.BucketStats
	err := db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			total.Add(b.Stats())
			return nil
		})
	})
	if err != nil {
		fail("stats: %v", err)
	}
	info, _ := os.Stat(db.Path())
	json.NewEncoder(os.Stdout).Encode(map[string]interface{}{
		"pageSize": db.Info().PageSize, "fileSize": info.Size(),
		"branchPages": total.BranchPageN, "branchOverflow": total.BranchOverflowN,
		"leafPages": total.LeafPageN, "leafOverflow": total.LeafOverflowN,
		"keys": total.KeyN, "depth": total.Depth, "buckets": total.BucketN,
		"inlineBuckets": total.InlineBucketN,
	})
}

func dump(path string) {
	db, err := bolt.Open(filepath.Clean(path), 0400, &bolt.Options{ReadOnly: true})
	if err != nil {
		fail("open %s: %v", path, err)
	}
	defer db.Close()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	err = db.View(func(tx *bolt.Tx) error {
		dumpCursor(w, tx.Cursor(), 0, func(k []byte) *bolt.Bucket { return tx.Bucket(k) })
		return nil
	})
	if err != nil {
		fail("dump: %v", err)
	}
}

// Lines: "B <depth> <hex name> <sequence>" for a bucket (its entries follow at depth+1),
// "K <depth> <hex key> <hex value>" for a key/value pair.
func dumpCursor(w *bufio.Writer, c *bolt.Cursor, depth int, open func([]byte) *bolt.Bucket) {
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil {
			b := open(k)
			if b == nil {
				fail("entry %x has no value and is not a bucket", k)
			}
			fmt.Fprintf(w, "B %d %s %d\n", depth, hex.EncodeToString(k), b.Sequence())
			dumpCursor(w, b.Cursor(), depth+1, b.Bucket)
			continue
		}
		fmt.Fprintf(w, "K %d %s %s\n", depth, hex.EncodeToString(k), hex.EncodeToString(v))
	}
}
