//! The areas of the body a question's options may name (`body = "low_back"`), so that the
//! interfaces can draw a body map and a tap on an area ticks that option. A fixed list: the
//! map draws only the areas it knows. How they are drawn is the interface's business
//! (`crate::ui::tui::body_map`); here are only their names.

use crate::content::model::{OptionIndex, Question};
use crate::content::packed::{Corrupt, Pack, Reader};

/// An area of the body map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BodyArea {
    /// The middle or upper back, between the shoulders and the bottom of the ribs.
    UpperBack,
    /// Between the bottom of the ribs and the top of the buttocks.
    LowBack,
    Buttock,
    /// The bony part at the side, below the waist.
    SideOfHip,
    /// The crease at the front, where the leg meets the body.
    Groin,
    ThighFront,
    ThighBack,
    ThighOutside,
    Knee,
    /// Calf, shin and foot.
    LowerLeg,
}

impl BodyArea {
    /// Every area, in the order the editing guide lists them.
    pub const ALL: [BodyArea; 10] = [
        BodyArea::UpperBack,
        BodyArea::LowBack,
        BodyArea::Buttock,
        BodyArea::SideOfHip,
        BodyArea::Groin,
        BodyArea::ThighFront,
        BodyArea::ThighBack,
        BodyArea::ThighOutside,
        BodyArea::Knee,
        BodyArea::LowerLeg,
    ];

    /// The name written in `questions.toml`.
    pub fn name(self) -> &'static str {
        match self {
            BodyArea::UpperBack => "upper_back",
            BodyArea::LowBack => "low_back",
            BodyArea::Buttock => "buttock",
            BodyArea::SideOfHip => "side_of_hip",
            BodyArea::Groin => "groin",
            BodyArea::ThighFront => "thigh_front",
            BodyArea::ThighBack => "thigh_back",
            BodyArea::ThighOutside => "thigh_outside",
            BodyArea::Knee => "knee",
            BodyArea::LowerLeg => "lower_leg",
        }
    }

    /// The area written as `name`, if there is one.
    pub fn from_name(name: &str) -> Option<BodyArea> {
        BodyArea::ALL.into_iter().find(|area| area.name() == name)
    }
}

impl Question {
    /// The options that name an area of the body map, with their areas: when there are any,
    /// the interfaces show the map with the options.
    pub fn body_areas(&self) -> impl Iterator<Item = (OptionIndex, BodyArea)> + '_ {
        self.options
            .iter()
            .enumerate()
            .filter_map(|(i, option)| Some((OptionIndex(i), option.body?)))
    }
}

impl Pack for BodyArea {
    fn pack(&self, out: &mut Vec<u8>) {
        let place = BodyArea::ALL.iter().position(|a| a == self).unwrap_or(0);
        (place as u8).pack(out);
    }
    fn unpack(reader: &mut Reader<'_>) -> Result<BodyArea, Corrupt> {
        let place = u8::unpack(reader)?;
        BodyArea::ALL
            .get(usize::from(place))
            .copied()
            .ok_or(Corrupt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_is_read_back_by_its_name_and_packed_form() {
        for area in BodyArea::ALL {
            assert_eq!(BodyArea::from_name(area.name()), Some(area));
            let packed = crate::content::packed::pack(&area);
            assert_eq!(
                crate::content::packed::unpack::<BodyArea>(&packed),
                Ok(area)
            );
        }
        assert_eq!(BodyArea::from_name("lower_back"), None);
    }
}
