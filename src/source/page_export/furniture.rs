//! Running heads and feet taken out of the export, each leaving a page break
//! behind (with the page number it printed, when it printed one).

use crate::source::running_heads;
use crate::source::text::TextBlock;

/// A page break that removed furniture left after a kept block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FurnitureBreak {
    /// The page number the furniture printed, if it printed one.
    pub printed: Option<u32>,
}

/// The export's blocks with the furniture taken out.
#[derive(Debug)]
pub struct WithoutFurniture {
    /// The blocks kept, in the export's order.
    pub blocks: Vec<TextBlock>,
    /// For each kept block: the page break removed furniture left after it, if any.
    pub breaks: Vec<Option<FurnitureBreak>>,
    /// The export lines of the blocks removed.
    pub removed_lines: Vec<usize>,
    /// For `--explain`: what was weighed, and each line removed or kept.
    pub explanation: Vec<String>,
    /// Whether the furniture stood at the top of pages (running heads), so
    /// that its number is the next page's; otherwise it stood at the foot,
    /// numbering the page before.
    pub heads: bool,
}

/// Takes the running heads, feet and page numbers out of `blocks`, when they
/// are evidently furniture (see [`super::recognise::evident_furniture`]); with
/// `repairs` off, nothing is taken out.
pub fn remove(blocks: Vec<TextBlock>, repairs: bool) -> WithoutFurniture {
    let mut weighed = if repairs {
        running_heads::weigh(&blocks)
    } else {
        running_heads::Furniture::default()
    };
    let explanation = if super::recognise::is_evident_furniture(&blocks, &weighed.removed) {
        weighed.explain(&blocks)
    } else {
        let kept = std::mem::take(&mut weighed.removed);
        if kept.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "page furniture: {} lines of repeated shapes kept, too few or too alike to be running heads (lines {})",
                kept.len(),
                kept.iter()
                    .map(|&(i, _)| blocks[i].line.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )]
        }
    };
    let numbered = weighed.removed;
    let furniture: Vec<usize> = numbered.iter().map(|(i, _)| *i).collect();
    let removed_lines = furniture.iter().map(|&i| blocks[i].line).collect();
    let mut breaks: Vec<Option<FurnitureBreak>> = Vec::with_capacity(blocks.len());
    let mut kept = Vec::with_capacity(blocks.len());
    for (index, block) in blocks.into_iter().enumerate() {
        if let Ok(at) = furniture.binary_search(&index) {
            if let Some(last) = breaks.last_mut() {
                *last = Some(FurnitureBreak {
                    printed: numbered[at].1,
                });
            }
        } else {
            kept.push(block);
            breaks.push(None);
        }
    }
    // Furniture with the essay's text after the last of it stands at the top of pages (running
    // heads), so its number is the next page's; otherwise it is at the foot, numbering the page before.
    let heads = !furniture.is_empty() && blocks_after_last_furniture(&breaks);
    WithoutFurniture {
        blocks: kept,
        breaks,
        removed_lines,
        explanation,
        heads,
    }
}

/// Whether essay text (not only notes) follows the last page break left by furniture.
fn blocks_after_last_furniture(breaks: &[Option<FurnitureBreak>]) -> bool {
    breaks
        .iter()
        .rposition(Option::is_some)
        .is_some_and(|at| at + 1 < breaks.len())
}
