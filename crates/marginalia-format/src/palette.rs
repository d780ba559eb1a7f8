//! Label colours, shared by the HTML report and brat's `visual.conf`: a label's colour is
//! picked by its rank among the labels of the output, sorted, so that a corpus with the same
//! labels always gets the same colours.

/// A colour, as `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub(crate) fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Mixed with white: `amount` 0 is the colour, 1 is white.
    pub(crate) fn tint(self, amount: f64) -> Rgb {
        let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * amount).round() as u8;
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
}

/// Twelve colours that stay apart from each other, tinted or not (Tableau 10, plus two).
const PALETTE: [Rgb; 12] = [
    Rgb(0x4e, 0x79, 0xa7), // blue
    Rgb(0xf2, 0x8e, 0x2b), // orange
    Rgb(0x59, 0xa1, 0x4f), // green
    Rgb(0xe1, 0x57, 0x59), // red
    Rgb(0xb0, 0x7a, 0xa1), // purple
    Rgb(0x76, 0xb7, 0xb2), // teal
    Rgb(0xed, 0xc9, 0x48), // yellow
    Rgb(0xff, 0x9d, 0xa7), // pink
    Rgb(0x9c, 0x75, 0x5f), // brown
    Rgb(0x17, 0xbe, 0xcf), // cyan
    Rgb(0xbc, 0xbd, 0x22), // olive
    Rgb(0x8c, 0x8c, 0x8c), // grey
];

/// The colour of the label ranked `rank` (0-based) among the sorted labels; past the palette,
/// hues spread by the golden angle.
pub(crate) fn colour(rank: usize) -> Rgb {
    if let Some(&c) = PALETTE.get(rank) {
        return c;
    }
    let hue = (rank as f64 * 137.508) % 360.0;
    hsl(hue, 0.55, 0.5)
}

fn hsl(h: f64, s: f64, l: f64) -> Rgb {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
    let m = l - c / 2.0;
    let (r, g, b) = match (h / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Rgb(byte(r), byte(g), byte(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_distinct_and_stable() {
        let colours: Vec<String> = (0..40).map(|i| colour(i).hex()).collect();
        assert_eq!(colours[0], "#4e79a7");
        let mut unique = colours.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), colours.len());
        assert_eq!(Rgb(0, 0, 0).tint(0.5).hex(), "#808080");
    }
}
