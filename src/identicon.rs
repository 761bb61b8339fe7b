//! Avatars drawn in the widget from the server's avatar seed: a mirrored 5×5 pattern in
//! one colour, as an SVG. No request leaves for any third party.

/// What to draw: a hue and the filled cells of a 5×5 grid (column, row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identicon {
    /// The colour's hue, 0–359.
    pub hue: u16,
    /// The filled cells, left and right halves mirrored.
    pub cells: Vec<(u8, u8)>,
}

impl Identicon {
    /// The filled cells as an SVG path of unit squares (`M0 1h1v1h-1z…`).
    pub fn path(&self) -> String {
        let mut path = String::with_capacity(self.cells.len() * 11);
        for &(column, row) in &self.cells {
            path.push('M');
            path.push(char::from(b'0' + column));
            path.push(' ');
            path.push(char::from(b'0' + row));
            path.push_str("h1v1h-1z");
        }
        path
    }
}

/// FNV-1a, 64 bits, with a final mix (MurmurHash3's) so that similar seeds draw
/// different pictures: stable across platforms and versions.
fn hash(bytes: &[u8]) -> u64 {
    let mut hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    });
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ hash >> 33
}

/// The identicon of `seed`: the same seed always gives the same picture.
pub fn identicon(seed: &str) -> Identicon {
    let bits = hash(seed.as_bytes());
    let hue = u16::try_from(bits % 360).unwrap_or(0);
    let mut cells = Vec::new();
    for row in 0..5_u8 {
        for column in 0..3_u8 {
            let bit = 16 + u32::from(row) * 3 + u32::from(column);
            if bits >> bit & 1 == 1 {
                cells.push((column, row));
                if column < 2 {
                    cells.push((4 - column, row));
                }
            }
        }
    }
    Identicon { hue, cells }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_picture_and_others_differ() {
        assert_eq!(identicon("a1b2c3"), identicon("a1b2c3"));
        let pictures: std::collections::HashSet<_> = (0..50)
            .map(|n| identicon(&format!("seed-{n}")).cells)
            .collect();
        assert!(pictures.len() > 40, "seeds give varied pictures");
    }

    #[test]
    fn the_path_draws_one_unit_square_per_cell() {
        let picture = Identicon {
            hue: 0,
            cells: vec![(0, 1), (4, 1), (2, 3)],
        };
        assert_eq!(picture.path(), "M0 1h1v1h-1zM4 1h1v1h-1zM2 3h1v1h-1z");
        assert_eq!(
            Identicon {
                hue: 0,
                cells: Vec::new()
            }
            .path(),
            ""
        );
    }

    #[test]
    fn pictures_are_mirrored_and_inside_the_grid() {
        for n in 0..50 {
            let picture = identicon(&format!("seed-{n}"));
            assert!(picture.hue < 360);
            for &(column, row) in &picture.cells {
                assert!(column < 5 && row < 5);
                assert!(picture.cells.contains(&(4 - column, row)));
            }
        }
    }
}
